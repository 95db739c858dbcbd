package dev.kinetic.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.fixtures.CanonicalEvents;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class EventTypeTest {

  @ParameterizedTest
  @EnumSource(EventType.class)
  void bundlesASchemaWhoseIdIsTheDataschema(EventType type) throws Exception {
    String resource =
        "schemas/events/" + type.schemaId().toString().substring(EventType.SCHEMA_BASE.length());
    try (InputStream schema = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(schema).as(resource).isNotNull();
      JsonNode node = Json.MAPPER.readTree(schema);
      assertThat(node.path("$id").asString()).isEqualTo(type.schemaId().toString());
      assertThat(node.path("$schema").asString())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
      assertThat(node.path("title").asString()).isEqualTo(type.type());
    }
  }

  @ParameterizedTest
  @EnumSource(value = EventType.class, mode = EnumSource.Mode.EXCLUDE, names = "PING")
  void kineticTypesAreVersionedAndDeclareTheirSchema(EventType type) {
    assertThat(type.type()).startsWith("dev.kinetic.").endsWith(".v1");
    assertThat(type.dataSchema()).contains(type.schemaId());
  }

  @Test
  void everyTypeHasACanonicalEventAndItsOwnRecord() {
    assertThat(CanonicalEvents.all().keySet()).isEqualTo(EnumSet.allOf(EventType.class));
    assertThat(Arrays.stream(EventType.values()).map(EventType::dataClass).distinct())
        .hasSize(EventType.values().length);
    for (EventType type : EventType.values()) {
      assertThat(EventType.forData(type.dataClass())).isEqualTo(type);
      assertThat(EventType.of(type.type())).contains(type);
    }
  }

  @Test
  void unknownTypesAndRecordsAreNotInTheCatalog() {
    assertThat(EventType.of("dev.kinetic.model.trained.v2")).isEmpty();
    assertThat(EventType.of(null)).isEmpty();
    assertThatThrownBy(() -> EventType.forData(String.class))
        .hasMessageContaining("java.lang.String is not the data of any event type");
  }
}
