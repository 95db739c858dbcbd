package dev.kinetic.contracts.codec;

import dev.kinetic.contracts.Extensions;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * CloudEvents as Kafka records in binary mode, as the Knative Kafka Broker stores them: attributes
 * in {@code ce_*} headers, {@code datacontenttype} in {@code content-type}, {@code data} as the
 * value, and the {@code partitionkey} extension as the record key so one model's events share a
 * partition.
 */
public final class KafkaCodec {

  private KafkaCodec() {}

  public static ProducerRecord<String, byte[]> encode(String topic, CloudEvent event) {
    Object partitionKey = event.getExtension(Extensions.PARTITION_KEY);
    String key = partitionKey == null ? null : partitionKey.toString();
    return KafkaMessageFactory.createWriter(topic, key).writeBinary(event);
  }

  /**
   * @throws dev.kinetic.contracts.InvalidEventException naming the attribute that is missing or
   *     malformed
   */
  public static CloudEvent decode(ConsumerRecord<?, byte[]> record) {
    try {
      return KafkaMessageFactory.createReader(record.headers(), record.value()).toEvent();
    } catch (RuntimeException e) {
      throw DecodingFailures.explain(e);
    }
  }
}
