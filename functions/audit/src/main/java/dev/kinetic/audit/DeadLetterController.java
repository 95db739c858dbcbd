package dev.kinetic.audit;

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

  private final DeadLetters deadLetters;

  DeadLetterController(DeadLetters deadLetters) {
    this.deadLetters = deadLetters;
  }

  @PostMapping("/dead-letters")
  ResponseEntity<Map<String, String>> keep(
      @RequestHeader HttpHeaders headers, @RequestBody(required = false) byte[] body) {
    Map<String, String> kept = new LinkedHashMap<>();
    headers.forEach(
        (name, values) ->
            kept.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
    String key = deadLetters.keep(kept, body == null ? new byte[0] : body);
    log.warn(
        "dead letter {} ({}) from {}: HTTP {} kept at {}",
        kept.get("ce-id"),
        kept.get("ce-type"),
        kept.get("ce-knativeerrordest"),
        kept.get("ce-knativeerrorcode"),
        key);
    return ResponseEntity.accepted().body(Map.of("key", key));
  }

  @GetMapping("/dead-letters")
  List<DeadLetters.DeadLetter> list(@RequestParam(required = false) LocalDate date) {
    return deadLetters.on(date != null ? date : LocalDate.now(ZoneOffset.UTC));
  }
}
