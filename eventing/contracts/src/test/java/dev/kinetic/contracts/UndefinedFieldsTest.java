package dev.kinetic.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Data fields a type's schema does not define: what a newer producer of the same version adds, as
 * {@code caller} was added to {@code inference.logged} v1 decisions.
 */
class UndefinedFieldsTest {

  private final EventValidator validator = CanonicalEvents.validator();

  /**
   * The canonical {@code inference.logged} from {@code source}, its data changed by {@code edit}.
   */
  private static CloudEvent logged(String source, Consumer<ObjectNode> edit) {
    CloudEvent canonical = CanonicalEvents.of(EventType.INFERENCE_LOGGED);
    ObjectNode data = (ObjectNode) Json.MAPPER.readTree(canonical.getData().toBytes());
    edit.accept(data);
    return CloudEventBuilder.from(canonical)
        .withSource(URI.create(source))
        .withData("application/json", Json.MAPPER.writeValueAsBytes(data))
        .build();
  }

  private static void addFields(ObjectNode data) {
    data.put("region", "eu-west-1");
    ((ObjectNode) data.withArrayProperty("decisions").get(0)).put("tenant", "acme");
  }

  @Test
  void acceptsFieldsANewerKineticProducerAddedAndItsReaderIgnoresThem() {
    CloudEvent event = logged("/kinetic/inference", UndefinedFieldsTest::addFields);

    assertThat(validator.validate(event)).isEqualTo(EventType.INFERENCE_LOGGED);
    InferenceLogged read = Payloads.read(event, InferenceLogged.class);
    assertThat(read.decisions().getFirst().requestId()).isEqualTo("req-1");
    assertThat(read.decisions().getFirst().caller()).isEqualTo("checkout-service");
  }

  @Test
  void stillChecksTheFieldsTheSchemaDefines() {
    CloudEvent event =
        logged(
            "/kinetic/inference",
            data -> {
              addFields(data);
              ObjectNode decision = (ObjectNode) data.withArrayProperty("decisions").get(0);
              decision.put("latencyMicros", "slow");
              decision.withObjectProperty("inputs").putObject("amount");
            });

    InvalidEventException refused =
        catchThrowableOfType(InvalidEventException.class, () -> validator.validate(event));

    assertThat(refused).isNotNull();
    assertThat(refused.violations())
        .extracting(Violation::location)
        .containsExactlyInAnyOrder(
            "/data/decisions/0/latencyMicros", "/data/decisions/0/inputs/amount");
  }

  @Test
  void refusesThemFromOtherSourcesNamingEachField() {
    CloudEvent event = logged("/clients/notebook", UndefinedFieldsTest::addFields);

    assertRefusedNamingTheAddedFields(() -> validator.validate(event));
  }

  @Test
  void refusesThemInAProducersOwnEvents() {
    CloudEvent event = logged("/kinetic/inference", UndefinedFieldsTest::addFields);

    assertRefusedNamingTheAddedFields(() -> validator.validateProduced(event));
  }

  private static void assertRefusedNamingTheAddedFields(ThrowingCallable validation) {
    InvalidEventException refused = catchThrowableOfType(InvalidEventException.class, validation);

    assertThat(refused).isNotNull();
    assertThat(refused.violations())
        .extracting(Violation::reason)
        .anySatisfy(reason -> assertThat(reason).contains("region"))
        .anySatisfy(reason -> assertThat(reason).contains("tenant"));
  }
}
