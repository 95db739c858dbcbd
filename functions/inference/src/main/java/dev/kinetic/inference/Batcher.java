package dev.kinetic.inference;

import dev.kinetic.scoring.OnnxModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dynamic batching, as Triton does it: concurrent single-row requests wait up to {@code maxDelay}
 * for each other, and up to {@code maxBatchSize} of them are scored in one ONNX Runtime run. It
 * trades a little latency at low load for throughput at high load.
 */
final class Batcher implements AutoCloseable {

  private record Pending(float[] row, CompletableFuture<float[]> output) {}

  private final OnnxModel model;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread worker;
  private volatile boolean closed;
  private final AtomicLong runs = new AtomicLong();

  Batcher(OnnxModel model, int maxBatchSize, Duration maxDelay) {
    this.model = model;
    this.maxBatchSize = maxBatchSize;
    this.maxDelayNanos = maxDelay.toNanos();
    this.worker = Thread.ofPlatform().daemon().name("batcher").start(this::run);
  }

  /** Scores one row, in a batch with whatever else arrives meanwhile. */
  float[] score(float[] row) {
    CompletableFuture<float[]> output = new CompletableFuture<>();
    if (closed) {
      throw new IllegalStateException("the batcher is closed");
    }
    queue.add(new Pending(row, output));
    try {
      return output.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException(e.getCause());
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBatchSize);
    while (!closed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxDelayNanos;
        while (batch.size() < maxBatchSize) {
          Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
      } catch (InterruptedException closing) {
        Thread.currentThread().interrupt();
      }
      score(batch);
      batch.clear();
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    score(left);
  }

  private void score(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    int width = model.features();
    float[] rows = new float[batch.size() * width];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).row(), 0, rows, i * width, width);
    }
    try {
      runs.incrementAndGet();
      float[] outputs = model.score(rows, batch.size());
      int outputWidth = outputs.length / batch.size();
      for (int i = 0; i < batch.size(); i++) {
        float[] output = new float[outputWidth];
        System.arraycopy(outputs, i * outputWidth, output, 0, outputWidth);
        batch.get(i).output().complete(output);
      }
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.output().completeExceptionally(e));
    }
  }

  /** How many ONNX Runtime runs it has made. */
  long runs() {
    return runs.get();
  }

  /** Scores what is queued, then stops; the model stays open. */
  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
