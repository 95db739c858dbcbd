package dev.kinetic.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.KafkaCodec;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import dev.kinetic.contracts.fixtures.InvalidEvents;
import dev.kinetic.contracts.fixtures.InvalidEvents.InvalidEvent;
import dev.kinetic.contracts.fixtures.Wire;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidEventsTest {

  private final EventValidator validator = CanonicalEvents.validator();

  static Stream<InvalidEvent> catalogue() {
    return InvalidEvents.all().stream();
  }

  static Stream<InvalidEvent> binaryCatalogue() {
    return catalogue().filter(invalid -> !invalid.structured());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void isRefusedOverHttpWithItsNamedError(InvalidEvent invalid) {
    InvalidEventException error =
        catchThrowableOfType(
            InvalidEventException.class,
            () ->
                validator.validate(
                    HttpCodec.decode(invalid.message().headers(), invalid.message().body())));

    assertNamesTheProblem(error, invalid);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binaryCatalogue")
  void isRefusedFromKafkaWithItsNamedError(InvalidEvent invalid) {
    InvalidEventException error =
        catchThrowableOfType(
            InvalidEventException.class,
            () -> validator.validate(KafkaCodec.decode(asKafkaRecord(invalid))));

    assertNamesTheProblem(error, invalid);
  }

  private static void assertNamesTheProblem(InvalidEventException error, InvalidEvent invalid) {
    assertThat(error).as("refused").isNotNull();
    assertThat(error.violations())
        .as(error.getMessage())
        .anySatisfy(
            violation -> {
              assertThat(violation.location()).isEqualTo(invalid.location());
              assertThat(violation.reason()).contains(invalid.reason());
            });
    assertThat(error)
        .isInstanceOfSatisfying(
            InvalidEventException.class,
            e -> assertThat(e instanceof OversizeEventException).isEqualTo(invalid.oversize()));
  }

  /** The binary HTTP message as the Knative Kafka Broker would store it: ce_ headers. */
  private static ConsumerRecord<String, byte[]> asKafkaRecord(InvalidEvent invalid) {
    RecordHeaders headers = new RecordHeaders();
    for (Map.Entry<String, String> header : invalid.message().headers().entrySet()) {
      String name =
          header.getKey().startsWith("ce-")
              ? "ce_" + header.getKey().substring(3)
              : header.getKey();
      headers.add(name, header.getValue().getBytes(StandardCharsets.UTF_8));
    }
    return Wire.received(null, headers, invalid.message().body());
  }
}
