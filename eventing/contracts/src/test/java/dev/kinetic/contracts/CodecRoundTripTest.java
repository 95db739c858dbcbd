package dev.kinetic.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.codec.KafkaCodec;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecRoundTripTest {

  enum Wire {
    HTTP_BINARY(event -> throughHttp(event, HttpCodec.Mode.BINARY)),
    HTTP_STRUCTURED(event -> throughHttp(event, HttpCodec.Mode.STRUCTURED)),
    KAFKA_BINARY(CodecRoundTripTest::throughKafka);

    final UnaryOperator<CloudEvent> roundTrip;

    Wire(UnaryOperator<CloudEvent> roundTrip) {
      this.roundTrip = roundTrip;
    }
  }

  static Stream<Arguments> everyTypeOnEveryWire() {
    return CanonicalEvents.all().keySet().stream()
        .flatMap(type -> Stream.of(Wire.values()).map(wire -> Arguments.of(type, wire)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("everyTypeOnEveryWire")
  void keepsAttributesExtensionsAndData(EventType type, Wire wire) {
    CloudEvent sent = CanonicalEvents.of(type);

    CloudEvent received = wire.roundTrip.apply(sent);

    assertThat(received.getSpecVersion()).isEqualTo(sent.getSpecVersion());
    assertThat(received.getId()).isEqualTo(sent.getId());
    assertThat(received.getSource()).isEqualTo(sent.getSource());
    assertThat(received.getType()).isEqualTo(sent.getType());
    assertThat(received.getTime()).isEqualTo(sent.getTime());
    assertThat(received.getSubject()).isEqualTo(sent.getSubject());
    assertThat(received.getDataSchema()).isEqualTo(sent.getDataSchema());
    assertThat(received.getDataContentType()).isEqualTo(sent.getDataContentType());
    assertThat(extensions(received)).isEqualTo(extensions(sent)).isNotEmpty();
    assertThat(Json.MAPPER.readTree(received.getData().toBytes()))
        .isEqualTo(Json.MAPPER.readTree(sent.getData().toBytes()));
    assertThat(CanonicalEvents.validator().validate(received)).isEqualTo(type);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyTypeOnEveryWire")
  void kafkaRecordsFollowTheKnativeBrokerLayout(EventType type, Wire ignored) {
    CloudEvent event = CanonicalEvents.of(type);

    ProducerRecord<String, byte[]> record =
        KafkaCodec.encode("knative-broker-kinetic-default", event);

    assertThat(record.headers().lastHeader("ce_id").value()).asString().isEqualTo(event.getId());
    assertThat(record.headers().lastHeader("ce_type").value()).asString().isEqualTo(type.type());
    assertThat(record.headers().lastHeader("content-type").value())
        .asString()
        .isEqualTo("application/json");
    assertThat(record.value()).isEqualTo(event.getData().toBytes());
    assertThat(record.key())
        .isEqualTo(event.getExtension(Extensions.PARTITION_KEY) == null ? null : "fraud");
  }

  private static CloudEvent throughHttp(CloudEvent event, HttpCodec.Mode mode) {
    HttpMessage message = HttpCodec.encode(event, mode);
    assertThat(message.contentType())
        .isEqualTo(
            mode == HttpCodec.Mode.BINARY ? "application/json" : "application/cloudevents+json");
    return HttpCodec.decode(message.headers(), message.body());
  }

  private static CloudEvent throughKafka(CloudEvent event) {
    ProducerRecord<String, byte[]> sent =
        KafkaCodec.encode("knative-broker-kinetic-default", event);
    return KafkaCodec.decode(KafkaRecords.received(sent));
  }

  private static Map<String, Object> extensions(CloudEvent event) {
    return event.getExtensionNames().stream()
        .collect(Collectors.toMap(name -> name, name -> event.getExtension(name).toString()));
  }

  /** Keeps the Kafka record constructors in one place. */
  static final class KafkaRecords {
    static ConsumerRecord<String, byte[]> received(ProducerRecord<String, byte[]> sent) {
      return new ConsumerRecord<>(
          sent.topic(),
          0,
          0L,
          0L,
          org.apache.kafka.common.record.TimestampType.CREATE_TIME,
          -1,
          sent.value().length,
          sent.key(),
          sent.value(),
          sent.headers(),
          java.util.Optional.empty());
    }
  }
}
