package dev.kinetic.drift;

import dev.kinetic.contracts.data.DriftDetected;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /drift/{model}}: the live window compared with the champion's baseline right now,
 * every feature's statistic whether it drifted or not, in the shape of {@code drift.detected}. 204
 * while the window holds fewer than half its rows; 404 for a model without a champion.
 */
@RestController
class DriftController {

  private final DriftMonitors monitors;

  DriftController(DriftMonitors monitors) {
    this.monitors = monitors;
  }

  @GetMapping("/drift/{model}")
  ResponseEntity<?> report(@PathVariable String model) {
    return monitors
        .of(model, null)
        .<ResponseEntity<?>>map(
            monitor -> {
              java.util.Optional<DriftDetected> report = monitor.report();
              return report.isPresent()
                  ? ResponseEntity.ok(report.get())
                  : ResponseEntity.noContent().build();
            })
        .orElseGet(
            () ->
                ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(
                        Map.of("error", "model '" + model + "' has no champion to compare with")));
  }
}
