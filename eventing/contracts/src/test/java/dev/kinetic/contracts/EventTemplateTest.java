package dev.kinetic.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.ModelRolledBack;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventTemplateTest {

  private final EventTemplate registry =
      EventTemplate.forFunction("registry", CanonicalEvents.validator());

  @Test
  void fillsTypeSchemaSourceAndModelExtensionsFromTheData() {
    CloudEvent event = registry.event(new ModelRolledBack("churn", "v1", "v2", "bad canary"));

    assertThat(event.getType()).isEqualTo("dev.kinetic.model.rolledback.v1");
    assertThat(event.getDataSchema()).isEqualTo(EventType.MODEL_ROLLED_BACK.schemaId());
    assertThat(event.getSource()).isEqualTo(URI.create("/kinetic/registry"));
    assertThat(event.getDataContentType()).isEqualTo("application/json");
    assertThat(event.getId()).isNotBlank();
    assertThat(event.getTime()).isNotNull();
    assertThat(event.getExtension(Extensions.MODEL)).isEqualTo("churn");
    assertThat(event.getExtension(Extensions.PARTITION_KEY)).isEqualTo("churn");
    assertThat(Payloads.read(event, ModelRolledBack.class))
        .isEqualTo(new ModelRolledBack("churn", "v1", "v2", "bad canary"));
  }

  @Test
  void givesEveryEventItsOwnId() {
    ModelRolledBack data = new ModelRolledBack("churn", "v1", "v2", "bad canary");

    assertThat(registry.event(data).getId()).isNotEqualTo(registry.event(data).getId());
  }

  @Test
  void refusesToProduceDataItsConsumersWouldRefuse() {
    DataSubmitted neitherInlineNorReference = new DataSubmitted("churn", null, null, null, null);

    assertThatThrownBy(() -> registry.event(neitherInlineNorReference))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("/data");
  }

  @Test
  void leavesAbsentOptionalFieldsOutOfTheData() {
    CloudEvent event = registry.event(DataSubmitted.inlineCsv("churn", "a,label\n1,yes\n"));

    assertThat(new String(event.getData().toBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"model\":\"churn\",\"csv\":\"a,label\\n1,yes\\n\"}");
  }
}
