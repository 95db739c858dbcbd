package dev.kinetic.platform.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK of one function, configured by OpenTelemetry's own settings ({@code
 * OTEL_SERVICE_NAME}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_PROMETHEUS_PORT},
 * ... or the matching {@code otel.*} system properties) with one difference in defaults: nothing is
 * exported unless asked. Traces and metrics go over OTLP when an OTLP endpoint is set; metrics are
 * served for Prometheus to scrape when a Prometheus port is set; an explicit {@code
 * OTEL_TRACES_EXPORTER} or {@code OTEL_METRICS_EXPORTER} wins over both rules. OTLP goes over
 * {@code http/protobuf}, OpenTelemetry's default, with the JDK's HTTP client; a {@code grpc}
 * protocol is refused at start with a message saying so.
 */
public final class Telemetry implements AutoCloseable {

  /**
   * Histogram buckets for durations in seconds, from half a millisecond (one prediction) to ten
   * minutes (one training run); OpenTelemetry's default buckets are made for milliseconds.
   */
  public static final List<Double> SECONDS_BUCKETS =
      List.of(
          0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
          30.0, 60.0, 120.0, 300.0, 600.0);

  private static final String TRACES_EXPORTER = "otel.traces.exporter";
  private static final String METRICS_EXPORTER = "otel.metrics.exporter";
  private static final String LOGS_EXPORTER = "otel.logs.exporter";
  private static final String OTLP_ENDPOINT = "otel.exporter.otlp.endpoint";
  private static final String PROMETHEUS_PORT = "otel.exporter.prometheus.port";
  private static final List<String> OTLP_PROTOCOLS =
      List.of(
          "otel.exporter.otlp.protocol",
          "otel.exporter.otlp.traces.protocol",
          "otel.exporter.otlp.metrics.protocol",
          "otel.exporter.otlp.logs.protocol");

  private final OpenTelemetrySdk sdk;
  private final Map<String, String> exporters;

  private Telemetry(OpenTelemetrySdk sdk, Map<String, String> exporters) {
    this.sdk = sdk;
    this.exporters = Map.copyOf(exporters);
  }

  /** Telemetry for {@code serviceName} (unless {@code OTEL_SERVICE_NAME} says otherwise). */
  public static Telemetry start(String serviceName) {
    return start(serviceName, Map.of());
  }

  /**
   * As {@link #start(String)}, with {@code settings} ({@code otel.*} keys) taking precedence over
   * the environment; tests use it to be independent of where they run.
   */
  public static Telemetry start(String serviceName, Map<String, String> settings) {
    Map<String, String> chosen = new LinkedHashMap<>();
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> Map.of("otel.service.name", serviceName))
            .addPropertiesCustomizer(
                config -> {
                  Map<String, String> effective = withDefaultExporters(config, settings);
                  chosen.put("traces", effective.get(TRACES_EXPORTER));
                  chosen.put("metrics", effective.get(METRICS_EXPORTER));
                  return effective;
                })
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return new Telemetry(sdk, chosen);
  }

  private static Map<String, String> withDefaultExporters(
      ConfigProperties config, Map<String, String> settings) {
    for (String protocol : OTLP_PROTOCOLS) {
      if ("grpc".equals(setting(config, settings, protocol))) {
        throw new IllegalArgumentException(
            protocol
                + "=grpc: Kinetic's functions send OTLP over http/protobuf (a collector's port"
                + " 4318); set "
                + protocol.toUpperCase(Locale.ROOT).replace('.', '_')
                + " to http/protobuf");
      }
    }
    Map<String, String> effective = new HashMap<>(settings);
    boolean otlp = setting(config, settings, OTLP_ENDPOINT) != null;
    boolean prometheus = setting(config, settings, PROMETHEUS_PORT) != null;
    if (setting(config, settings, TRACES_EXPORTER) == null) {
      effective.put(TRACES_EXPORTER, otlp ? "otlp" : "none");
    }
    if (setting(config, settings, METRICS_EXPORTER) == null) {
      List<String> metrics = new ArrayList<>();
      if (otlp) {
        metrics.add("otlp");
      }
      if (prometheus) {
        metrics.add("prometheus");
      }
      effective.put(METRICS_EXPORTER, metrics.isEmpty() ? "none" : String.join(",", metrics));
    }
    if (setting(config, settings, LOGS_EXPORTER) == null) {
      // Logs go to stdout for the platform to collect; OTLP logs only when asked.
      effective.put(LOGS_EXPORTER, "none");
    }
    effective.putIfAbsent(TRACES_EXPORTER, setting(config, settings, TRACES_EXPORTER));
    effective.putIfAbsent(METRICS_EXPORTER, setting(config, settings, METRICS_EXPORTER));
    return effective;
  }

  private static String setting(ConfigProperties config, Map<String, String> settings, String key) {
    return settings.containsKey(key) ? settings.get(key) : config.getString(key);
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** The exporters in use per signal, e.g. {@code {traces=none, metrics=prometheus}}; for logs. */
  public Map<String, String> exporters() {
    return exporters;
  }

  /** Flushes what is buffered and stops exporting. */
  @Override
  public void close() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
  }
}
