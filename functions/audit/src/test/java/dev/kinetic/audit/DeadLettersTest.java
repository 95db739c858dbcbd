package dev.kinetic.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.platform.store.InMemoryObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  InMemoryObjectStore store = new InMemoryObjectStore();
  DeadLetters deadLetters =
      new DeadLetters(store, Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void keepsEvenAnInvalidEventAsItArrivedOncePerId() {
    Map<String, String> headers =
        Map.of(
            "ce-id", "evt/1",
            "ce-type", "dev.kinetic.data.submitted.v1",
            "ce-knativeerrorcode", "422",
            "content-type", "application/json");
    byte[] body = "{\"model\": 7}".getBytes(StandardCharsets.UTF_8);

    String key = deadLetters.keep(headers, body);
    deadLetters.keep(headers, "redelivered".getBytes(StandardCharsets.UTF_8));

    assertThat(key).isEqualTo("dead-letters/2026-11-26/evt_1.json");
    assertThat(deadLetters.on(LocalDate.parse("2026-11-26")))
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.id()).isEqualTo("evt/1");
              assertThat(letter.type()).isEqualTo("dev.kinetic.data.submitted.v1");
              assertThat(letter.headers()).containsEntry("ce-knativeerrorcode", "422");
              assertThat(Base64.getDecoder().decode(letter.bodyBase64())).isEqualTo(body);
            });
  }
}
