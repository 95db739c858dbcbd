package dev.kinetic.audit;

import dev.kinetic.platform.telemetry.Telemetry;
import dev.kinetic.platform.telemetry.TelemetryAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /dead-letters}: where the Broker and its Triggers send what they give up on (their
 * {@code deadLetterSink}); {@code GET /dead-letters?date=} lists a day's.
 */
@RestController
class DeadLetterController {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterController.class);

  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("kinetic.destination");
  private static final AttributeKey<String> STATUS = AttributeKey.stringKey("kinetic.error_code");

  private final DeadLetters deadLetters;
  private final LongCounter received;

  DeadLetterController(DeadLetters deadLetters, Telemetry telemetry) {
    this.deadLetters = deadLetters;
    this.received =
        telemetry
            .openTelemetry()
            .getMeter("dev.kinetic.audit")
            .counterBuilder("kinetic.dead_letters")
            .setDescription(
                "Events a Trigger gave up on, by type, the subscriber it could not deliver to,"
                    + " and that subscriber's last answer")
            .build();
  }

  @PostMapping("/dead-letters")
  ResponseEntity<Map<String, String>> keep(
      @RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            kept.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
    String key = deadLetters.keep(kept, body == null ? new byte[0] : body);
    received.add(
        1,
        Attributes.of(
            TelemetryAttributes.EVENT_TYPE,
            kept.getOrDefault("ce-type", ""),
            DESTINATION,
            host(kept.get("ce-knativeerrordest")),
            STATUS,
            kept.getOrDefault("ce-knativeerrorcode", "")));
    log.warn(
        "dead letter {} ({}) from {}: HTTP {} kept at {}",
        kept.get("ce-id"),
        kept.get("ce-type"),
        kept.get("ce-knativeerrordest"),
        kept.get("ce-knativeerrorcode"),
        key);
    return ResponseEntity.accepted().body(Map.of("key", key));
  }

  /** The subscriber's host: its Service, without the path that varies per request. */
  private static String host(String destination) {
    if (destination == null) {
      return "";
    }
    try {
      String host = URI.create(destination).getHost();
      return host != null ? host : destination;
    } catch (IllegalArgumentException notUri) {
      return destination;
    }
  }

  @GetMapping("/dead-letters")
  List<DeadLetters.DeadLetter> list(@RequestParam(required = false) LocalDate date) {
    return deadLetters.on(date != null ? date : LocalDate.now(ZoneOffset.UTC));
  }
}
