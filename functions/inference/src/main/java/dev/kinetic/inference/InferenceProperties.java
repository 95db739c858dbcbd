package dev.kinetic.inference;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kinetic.inference.*}.
 *
 * @param models the models this replica serves; empty serves every model with a spec
 * @param pinnedVersion serve this version instead of the champion ({@code KINETIC_MODEL_VERSION}),
 *     for a revision that must not move
 * @param refreshInterval how often the champion alias is checked for a new version
 * @param maxRows the most rows one request may score
 */
@ConfigurationProperties("kinetic.inference")
record InferenceProperties(
    @DefaultValue List<String> models,
    String pinnedVersion,
    @DefaultValue("30s") Duration refreshInterval,
    @DefaultValue("1024") int maxRows) {

  InferenceProperties {
    if (maxRows < 1) {
      throw new IllegalArgumentException(
          "kinetic.inference.max-rows must be at least 1, got " + maxRows);
    }
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException(
          "kinetic.inference.refresh-interval must be positive, got " + refreshInterval);
    }
  }
}
