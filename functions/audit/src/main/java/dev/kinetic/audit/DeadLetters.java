package dev.kinetic.audit;

import dev.kinetic.contracts.Json;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectInfo;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.PreconditionFailedException;
import dev.kinetic.platform.store.WriteCondition;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Broker's dead-letter sink: every event a Trigger gave up on, kept as it arrived, at {@code
 * dead-letters/<yyyy-mm-dd>/<event-id>.json}. A dead letter may be the invalid event that caused
 * the failure, so nothing here validates or decodes it: the HTTP headers (with {@code ce-*} and
 * Knative's {@code ce-knativeerror*}) and the body, base64, are kept as they are.
 */
final class DeadLetters {

  private final ObjectStore store;
  private final Clock clock;

  DeadLetters(ObjectStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** One dead letter as stored. */
  record DeadLetter(String id, String type, Map<String, String> headers, String bodyBase64) {}

  /**
   * Keeps one dead letter; the same event id twice on one day is kept once.
   *
   * @return the key it is stored under
   */
  String keep(Map<String, String> headers, byte[] body) {
    Map<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(headers);
    String id = sorted.getOrDefault("ce-id", "no-id-" + java.util.UUID.randomUUID());
    String key =
        "dead-letters/"
            + LocalDate.now(clock.withZone(ZoneOffset.UTC))
            + "/"
            + id.replaceAll("[^A-Za-z0-9._-]", "_")
            + ".json";
    DeadLetter letter =
        new DeadLetter(id, sorted.get("ce-type"), sorted, Base64.getEncoder().encodeToString(body));
    try {
      store.put(
          key, ObjectContent.of(Json.MAPPER.writeValueAsBytes(letter)), WriteCondition.ifAbsent());
    } catch (PreconditionFailedException alreadyKept) {
      // a redelivery of the same dead letter
    }
    return key;
  }

  /** The dead letters kept on {@code date}. */
  List<DeadLetter> on(LocalDate date) {
    return store.list("dead-letters/" + date + "/").stream()
        .map(ObjectInfo::key)
        .map(
            key ->
                Json.MAPPER.readValue(
                    store.get(key).orElseThrow().readAllBytes(), DeadLetter.class))
        .toList();
  }
}
