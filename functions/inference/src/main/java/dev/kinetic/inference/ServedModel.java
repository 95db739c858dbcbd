package dev.kinetic.inference;

import dev.kinetic.platform.model.LoadedModel;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.scoring.Device;
import dev.kinetic.scoring.OnnxModel;
import dev.kinetic.scoring.SessionSettings;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version loaded for serving: its card and its ONNX session. Requests hold it while they
 * score; when a newer version replaces it, it is retired and its session closes once the last
 * request holding it lets go, so a swap never cuts a request short.
 */
final class ServedModel {

  private final ModelCard card;
  private final OnnxModel onnx;
  private final String etag;
  private final Batcher batcher;
  // Requests in flight, plus one for being the served version until retired.
  private final AtomicInteger holds = new AtomicInteger(1);

  private ServedModel(ModelCard card, OnnxModel onnx, String etag, Batcher batcher) {
    this.card = card;
    this.onnx = onnx;
    this.etag = etag;
    this.batcher = batcher;
  }

  /**
   * Loads and warms the model with one run, so the first request does not pay for it.
   *
   * @param batching how single-row requests are batched; null scores each request on its own
   */
  static ServedModel load(
      LoadedModel loaded,
      String etag,
      Device device,
      SessionSettings session,
      InferenceProperties.Batching batching) {
    OnnxModel onnx =
        OnnxModel.load(loaded.onnx(), loaded.card().encoding().width(), device, session);
    try {
      onnx.score(new float[loaded.card().encoding().width()], 1);
    } catch (RuntimeException e) {
      onnx.close();
      throw e;
    }
    Batcher batcher =
        batching != null && batching.enabled()
            ? new Batcher(onnx, batching.maxBatchSize(), batching.maxQueueDelay())
            : null;
    return new ServedModel(loaded.card(), onnx, etag, batcher);
  }

  ModelCard card() {
    return card;
  }

  String version() {
    return card.version();
  }

  /** The champion alias's ETag when this version was loaded for it; null when pinned. */
  String etag() {
    return etag;
  }

  OnnxModel onnx() {
    return onnx;
  }

  /** Scores {@code rows} encoded rows; single rows go through the batcher when there is one. */
  float[] score(float[] batch, int rows) {
    return batcher != null && rows == 1 ? batcher.score(batch) : onnx.score(batch, rows);
  }

  /** Takes a hold for one request; false if the model was retired and closed meanwhile. */
  boolean acquire() {
    int current;
    do {
      current = holds.get();
      if (current == 0) {
        return false;
      }
    } while (!holds.compareAndSet(current, current + 1));
    return true;
  }

  void release() {
    if (holds.decrementAndGet() == 0) {
      if (batcher != null) {
        batcher.close();
      }
      onnx.close();
    }
  }

  /** No longer the served version: closes when the last request in flight is done. */
  void retire() {
    release();
  }
}
