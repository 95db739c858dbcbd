package dev.kinetic.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.codec.KafkaCodec;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import dev.kinetic.contracts.fixtures.Wire;
import io.cloudevents.CloudEvent;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodecRoundTripTest {

  static Stream<Arguments> everyTypeOnEveryWire() {
    return CanonicalEvents.all().keySet().stream()
        .flatMap(type -> Stream.of(Wire.values()).map(wire -> Arguments.of(type, wire)));
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("everyTypeOnEveryWire")
  void keepsAttributesExtensionsAndData(EventType type, Wire wire) {
    CloudEvent sent = CanonicalEvents.of(type);

    CloudEvent received = wire.roundTrip(sent);

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

    ProducerRecord<String, byte[]> record = KafkaCodec.encode(Wire.TOPIC, event);

    assertThat(record.headers().lastHeader("ce_id").value()).asString().isEqualTo(event.getId());
    assertThat(record.headers().lastHeader("ce_type").value()).asString().isEqualTo(type.type());
    assertThat(record.headers().lastHeader("content-type").value())
        .asString()
        .isEqualTo("application/json");
    assertThat(record.value()).isEqualTo(event.getData().toBytes());
    assertThat(record.key())
        .isEqualTo(event.getExtension(Extensions.PARTITION_KEY) == null ? null : "fraud");
  }

  private static Map<String, Object> extensions(CloudEvent event) {
    return event.getExtensionNames().stream()
        .collect(Collectors.toMap(name -> name, name -> event.getExtension(name).toString()));
  }
}
