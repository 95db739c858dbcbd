package dev.kinetic.audit;

import dev.kinetic.contracts.Violation;
import dev.kinetic.function.ErrorBody;
import dev.kinetic.platform.audit.AuditLog;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Why was this decided?": {@code GET /audit/{model}/decisions/{requestId}} (a row of a request
 * with several: {@code {requestId}/{row}}) answers with the inputs, the output (with its
 * explanation, if one was asked for), the model version and where its card is. It searches back
 * {@code days} days from {@code date} (today, UTC, by default).
 */
@RestController
class AuditController {

  private final AuditLog auditLog;

  AuditController(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  /**
   * @param path the request id, with the slash before it: the rest of the path, since the i-th row
   *     of a request with several is recorded as {@code <request-id>/<i>}
   */
  @GetMapping("/audit/{model}/decisions/{*path}")
  ResponseEntity<?> decision(
      @PathVariable String model,
      @PathVariable String path,
      @RequestParam(required = false) LocalDate date,
      @RequestParam(defaultValue = "7") int days) {
    if (days < 1 || days > 366) {
      return ResponseEntity.unprocessableContent()
          .body(
              new ErrorBody(
                  422, "days must be 1 to 366", List.of(new Violation("days", "was " + days))));
    }
    String requestId = path.substring(1);
    LocalDate newest = date != null ? date : LocalDate.now(ZoneOffset.UTC);
    return auditLog
        .find(model, requestId, newest, days)
        .<ResponseEntity<?>>map(
            record -> {
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("decision", record);
              answer.put("card", "models/" + model + "/" + record.modelVersion() + "/card.json");
              answer.put(
                  "cardUrl",
                  "/functions/registry/models/" + model + "/versions/" + record.modelVersion());
              return ResponseEntity.ok(answer);
            })
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(
                        new ErrorBody(
                            404,
                            "no decision "
                                + requestId
                                + " of "
                                + model
                                + " in the "
                                + days
                                + " days to "
                                + newest,
                            List.of())));
  }
}
