package dev.kinetic.inference;

import dev.kinetic.scoring.OnnxModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Dynamic batching, as Triton does it: concurrent single-row requests wait up to {@code maxDelay}
 * for each other, and up to {@code maxBatchSize} of them are scored in one ONNX Runtime run. It
 * trades a little latency at low load for throughput at high load.
 *
 * <p>The worker sleeps until a first row arrives, then until the batch is full or the delay is
 * over; the rows in between do not wake it. A blocking queue woke it for every row, a thread switch
 * per request that cost more than a small model's run saved by batching.
 */
final class Batcher implements AutoCloseable {

  private record Pending(float[] row, CompletableFuture<float[]> output) {}

  private final OnnxModel model;
  private final int maxBatchSize;
  private final long maxDelayNanos;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
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
    int position = waiting.incrementAndGet();
    if (position == 1 || position == maxBatchSize) {
      LockSupport.unpark(worker);
    }
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
    while (!closed) {
      if (waiting.get() == 0) {
        LockSupport.park(this);
        continue;
      }
      long deadline = System.nanoTime() + maxDelayNanos;
      for (long left = maxDelayNanos;
          waiting.get() < maxBatchSize && !closed && left > 0;
          left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(this, left);
      }
      score(take());
    }
    // Closing: what was queued before is scored, never dropped.
    for (List<Pending> left = take(); !left.isEmpty(); left = take()) {
      score(left);
    }
  }

  /** Up to a batch of waiting rows, oldest first. */
  private List<Pending> take() {
    List<Pending> batch = new ArrayList<>(maxBatchSize);
    for (Pending next; batch.size() < maxBatchSize && (next = queue.poll()) != null; ) {
      waiting.decrementAndGet();
      batch.add(next);
    }
    return batch;
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

  /** How many rows wait for their batch now. */
  int waiting() {
    return waiting.get();
  }

  /** How many ONNX Runtime runs it has made. */
  long runs() {
    return runs.get();
  }

  /** Scores what is queued, then stops; the model stays open. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(worker);
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
