package dev.kinetic.function;

import dev.kinetic.contracts.EventValidator;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kinetic.function.*}: how the function endpoint behaves.
 *
 * @param name the function's name: its events' source is {@code /kinetic/<name>} and its telemetry
 *     is named after it; by default the Spring application name
 * @param maxDataBytes the largest event {@code data} accepted; larger events are answered 413
 */
@ConfigurationProperties("kinetic.function")
public record FunctionProperties(
    String name, @DefaultValue("" + EventValidator.DEFAULT_MAX_DATA_BYTES) int maxDataBytes) {

  /** The name given, else {@code applicationName}, else "function". */
  public String nameOr(String applicationName) {
    return name != null ? name : applicationName != null ? applicationName : "function";
  }

  public FunctionProperties {
    if (name != null && !name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")) {
      throw new IllegalArgumentException(
          "kinetic.function.name must be a DNS label such as 'ingest', got '" + name + "'");
    }
    if (maxDataBytes < 1024) {
      throw new IllegalArgumentException(
          "kinetic.function.max-data-bytes must be at least 1024, got " + maxDataBytes);
    }
  }
}
