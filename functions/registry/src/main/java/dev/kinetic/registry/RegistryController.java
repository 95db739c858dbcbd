package dev.kinetic.registry;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Violation;
import dev.kinetic.contracts.data.ModelPromoted;
import dev.kinetic.contracts.data.ModelRolledBack;
import dev.kinetic.contracts.data.ModelScoped;
import dev.kinetic.function.ErrorBody;
import dev.kinetic.function.EventSink;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.model.ModelCard;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The registry's HTTP API for operators: versions with their metrics, cards, the champion, manual
 * promotion, rollback and archiving. Promotions and rollbacks made here are announced as events
 * through {@code K_SINK}, as the gate's own are through the broker.
 */
@RestController
@RequestMapping("/models/{model}")
class RegistryController {

  private final Registry registry;
  private final EventTemplate template;
  private final EventSink sink;

  RegistryController(Registry registry, EventTemplate template, EventSink sink) {
    this.registry = registry;
    this.template = template;
    this.sink = sink;
  }

  record PromoteRequest(String version, String reason) {}

  record RollbackRequest(String reason) {}

  record ArchiveRequest(Integer keep) {}

  @GetMapping("/versions")
  List<Registry.VersionSummary> versions(@PathVariable String model) {
    return registry.versions(model);
  }

  @GetMapping("/versions/{version}")
  ResponseEntity<ModelCard> card(@PathVariable String model, @PathVariable String version) {
    return ResponseEntity.of(registry.card(model, version));
  }

  @GetMapping("/champion")
  ResponseEntity<?> champion(@PathVariable String model) {
    return registry
        .champion(model)
        .<ResponseEntity<?>>map(champion -> ResponseEntity.ok(champion.alias()))
        .orElseGet(() -> notFound("champion", model + " has no champion yet"));
  }

  @PostMapping("/promote")
  ModelPromoted promote(@PathVariable String model, @RequestBody PromoteRequest request) {
    if (request.version() == null || request.version().isBlank()) {
      throw new UnprocessableException("version", "name the version to promote");
    }
    ModelPromoted promoted =
        registry.promote(
            model, request.version(), reasonOr(request.reason(), "promoted by an operator"));
    announce(promoted, promoted.version());
    return promoted;
  }

  @PostMapping("/rollback")
  ModelRolledBack rollback(
      @PathVariable String model, @RequestBody(required = false) RollbackRequest request) {
    ModelRolledBack rolledBack =
        registry.rollback(
            model,
            reasonOr(request == null ? null : request.reason(), "rolled back by an operator"));
    announce(rolledBack, rolledBack.version());
    return rolledBack;
  }

  @PostMapping("/archive")
  Registry.Archived archive(
      @PathVariable String model, @RequestBody(required = false) ArchiveRequest request) {
    int keep = request == null || request.keep() == null ? 5 : request.keep();
    if (keep < 1) {
      throw new UnprocessableException("keep", "keep must be at least 1, got " + keep);
    }
    return registry.archive(model, keep);
  }

  private void announce(ModelScoped data, String version) {
    sink.send(
        template.validated(
            template.builder(data).withExtension(Extensions.MODEL_VERSION, version).build()));
  }

  private static String reasonOr(String reason, String fallback) {
    return reason == null || reason.isBlank() ? fallback : reason;
  }

  @ExceptionHandler(UnprocessableException.class)
  ResponseEntity<ErrorBody> unprocessable(UnprocessableException e) {
    HttpStatus status =
        e.field().equals("version") ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT;
    return ResponseEntity.status(status)
        .body(
            new ErrorBody(
                status.value(), e.getMessage(), List.of(new Violation(e.field(), e.getMessage()))));
  }

  @ExceptionHandler(ConflictException.class)
  ResponseEntity<ErrorBody> conflict(ConflictException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(new ErrorBody(409, e.getMessage(), List.of()));
  }

  private static ResponseEntity<?> notFound(String what, String message) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(new ErrorBody(404, message, List.of(new Violation(what, message))));
  }
}
