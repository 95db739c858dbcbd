package dev.kinetic.drift;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.function.EventSink;
import dev.kinetic.function.FunctionApplication;
import dev.kinetic.function.security.ApiAccess;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/** The drift function: live windows against the champion's baseline, and rolling quality. */
@SpringBootApplication
@EnableConfigurationProperties(DriftApplication.DriftProperties.class)
public class DriftApplication {

  private static final Logger log = LoggerFactory.getLogger(DriftApplication.class);

  /**
   * {@code kinetic.drift.*}.
   *
   * @param flushRows rows a replica applies in memory before merging them into the stored window
   *     (default 200): with {@code flushInterval}, the bound on what a crash can lose
   * @param flushInterval how long rows wait at most before they are merged (default 5 s)
   * @param championCheck how often the champion alias is read again (default 30 s)
   */
  @ConfigurationProperties("kinetic.drift")
  public record DriftProperties(
      @DefaultValue("200") int flushRows,
      @DefaultValue("5s") Duration flushInterval,
      @DefaultValue("30s") Duration championCheck) {}

  public static void main(String[] args) {
    FunctionApplication.run(DriftApplication.class, args);
  }

  @Bean
  DriftMonitors driftMonitors(ObjectStore store, DriftProperties properties, Telemetry telemetry) {
    DriftMonitors monitors =
        new DriftMonitors(
            store, Clock.systemUTC(), properties.flushRows(), properties.championCheck());
    DriftMetrics.register(telemetry.openTelemetry().getMeter("dev.kinetic.drift"), monitors);
    return monitors;
  }

  @Bean
  DriftFunction drift(DriftMonitors monitors, EventTemplate template, EventSink sink) {
    return new DriftFunction(monitors, template, sink);
  }

  /**
   * Merges waiting rows every {@code flushInterval}, and once more when the function stops (a
   * scale-down sends SIGTERM first), so an idle replica keeps nothing only in memory.
   */
  @Bean
  WindowWriter windowWriter(DriftFunction drift, DriftProperties properties) {
    return new WindowWriter(drift, properties.flushInterval());
  }

  /** The timer that writes waiting windows; closing it writes them a last time. */
  static final class WindowWriter implements AutoCloseable {

    private final DriftFunction drift;
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("window-writer").factory());

    WindowWriter(DriftFunction drift, Duration every) {
      this.drift = drift;
      timer.scheduleWithFixedDelay(
          this::flush, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void flush() {
      try {
        drift.flushAll();
      } catch (RuntimeException e) {
        log.error("writing drift windows failed; will try again", e);
      }
    }

    @Override
    public void close() {
      timer.shutdown();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      flush();
    }
  }

  /** Reading a model's drift needs scope {@code admin}. */
  @Bean
  ApiAccess apiAccess() {
    return ApiAccess.builder().require(Scopes.ADMIN, HttpMethod.GET, "/drift/**").build();
  }
}
