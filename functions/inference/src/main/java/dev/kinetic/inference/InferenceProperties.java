package dev.kinetic.inference;

import dev.kinetic.scoring.Device;
import dev.kinetic.scoring.SessionSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code kinetic.inference.*}.
 *
 * @param models the models this replica serves; empty serves every model with a spec
 * @param pinnedVersion serve this version instead of the champion ({@code KINETIC_MODEL_VERSION}),
 *     for a revision that must not move
 * @param refreshInterval how often the champion alias is checked for a new version
 * @param maxRows the most rows one request may score
 * @param maxBodySize the largest request body {@code /predict} and {@code infer} read; larger ones
 *     are answered 413
 * @param device {@code auto} (CUDA when its provider loads, else the CPU with a warning), {@code
 *     cpu}, or {@code cuda} (fails at start without it)
 * @param decisions the decision log: {@code enabled}, {@code sample-rate} (0–1), {@code
 *     batch-size}, {@code flush-interval}, {@code capacity} of its queue
 * @param session how ONNX Runtime runs each model: {@code intra-op-threads}, {@code spinning},
 *     {@code memory-arena} (see {@link SessionSettings})
 */
@ConfigurationProperties("kinetic.inference")
record InferenceProperties(
    @DefaultValue List<String> models,
    String pinnedVersion,
    @DefaultValue("30s") Duration refreshInterval,
    @DefaultValue("1024") int maxRows,
    @DefaultValue("8MB") DataSize maxBodySize,
    @DefaultValue("auto") Device device,
    @DefaultValue DecisionSettings decisions,
    @DefaultValue Batching batching,
    @DefaultValue Session session) {

  /** {@code kinetic.inference.session.*}, with the defaults of {@link SessionSettings#DEFAULTS}. */
  record Session(
      @DefaultValue("1") int intraOpThreads,
      @DefaultValue("false") boolean spinning,
      @DefaultValue("true") boolean memoryArena) {

    Session {
      if (intraOpThreads < 1) {
        throw new IllegalArgumentException(
            "kinetic.inference.session.intra-op-threads must be at least 1, got " + intraOpThreads);
      }
    }

    SessionSettings settings() {
      return new SessionSettings(intraOpThreads, spinning, memoryArena);
    }
  }

  /**
   * {@code kinetic.inference.batching.*}: dynamic batching of single-row requests, off by default.
   */
  record Batching(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("32") int maxBatchSize,
      @DefaultValue("500us") Duration maxQueueDelay) {

    Batching {
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException(
            "kinetic.inference.batching.max-batch-size must be at least 1, got " + maxBatchSize);
      }
    }
  }

  /** {@code kinetic.inference.decisions.*}. */
  record DecisionSettings(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("1.0") double sampleRate,
      @DefaultValue("500") int batchSize,
      @DefaultValue("1s") Duration flushInterval,
      @DefaultValue("10000") int capacity) {

    DecisionSettings {
      if (sampleRate < 0 || sampleRate > 1) {
        throw new IllegalArgumentException(
            "kinetic.inference.decisions.sample-rate must be between 0 and 1, got " + sampleRate);
      }
      if (batchSize < 1 || capacity < 1) {
        throw new IllegalArgumentException(
            "kinetic.inference.decisions.batch-size and capacity must be at least 1");
      }
    }
  }

  InferenceProperties {
    if (maxRows < 1) {
      throw new IllegalArgumentException(
          "kinetic.inference.max-rows must be at least 1, got " + maxRows);
    }
    if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "kinetic.inference.max-body-size must be between 1B and 2GB, got " + maxBodySize);
    }
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException(
          "kinetic.inference.refresh-interval must be positive, got " + refreshInterval);
    }
  }
}
