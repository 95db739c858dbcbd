package dev.kinetic.function;

import dev.kinetic.platform.telemetry.Telemetry;
import dev.kinetic.platform.telemetry.TelemetryAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Records each start of the function, from the process's start to ready (models loaded, port open),
 * as {@code kinetic.function.startup}: on Knative every scale from zero is one, so the histogram's
 * count is the cold starts and its buckets their cost.
 */
final class StartupTelemetry implements ApplicationListener<ApplicationReadyEvent> {

  private final DoubleHistogram startup;
  private final String function;

  StartupTelemetry(Telemetry telemetry, String function) {
    this.function = function;
    this.startup =
        telemetry
            .openTelemetry()
            .getMeter("dev.kinetic.function")
            .histogramBuilder("kinetic.function.startup")
            .setDescription("From the process's start to the function being ready")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(Telemetry.SECONDS_BUCKETS)
            .build();
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Duration took = Duration.between(processStart(), Instant.now());
    startup.record(took.toNanos() / 1e9, Attributes.of(TelemetryAttributes.FUNCTION, function));
  }

  private static Instant processStart() {
    return ProcessHandle.current()
        .info()
        .startInstant()
        .orElseGet(() -> Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
  }
}
