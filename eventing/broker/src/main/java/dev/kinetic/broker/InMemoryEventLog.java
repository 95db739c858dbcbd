package dev.kinetic.broker;

import dev.kinetic.contracts.Extensions;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default event log: bounded, in memory, gone with the process. It holds at most {@code
 * capacity} events that some subscription has not finished with; past that, appends are refused
 * (ingress answers 429) rather than events dropped.
 */
public final class InMemoryEventLog implements EventLog {

  private static final Logger log = LoggerFactory.getLogger(InMemoryEventLog.class);

  /** Lanes of an ordered subscription: events of one partition key always take the same lane. */
  private static final int ORDERED_LANES = 16;

  private final int capacity;
  private final int maxInFlight;
  private final Semaphore free;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param capacity events held at most before appends are refused
   * @param maxInFlight concurrent deliveries per unordered subscription
   */
  public InMemoryEventLog(int capacity, int maxInFlight) {
    if (capacity <= 0 || maxInFlight <= 0) {
      throw new IllegalArgumentException("capacity and maxInFlight must be positive");
    }
    this.capacity = capacity;
    this.maxInFlight = maxInFlight;
    this.free = new Semaphore(capacity);
  }

  public InMemoryEventLog() {
    this(10_000, 256);
  }

  private record Pending(CloudEvent event, AtomicInteger remaining, Semaphore free) {
    void done() {
      if (remaining.decrementAndGet() == 0) {
        free.release();
      }
    }
  }

  @Override
  public void append(CloudEvent event) {
    List<Subscription> interested =
        subscriptions.stream().filter(s -> s.interest.test(event)).toList();
    if (interested.isEmpty()) {
      return;
    }
    if (!free.tryAcquire()) {
      throw new LogFullException(
          "the in-memory broker holds " + capacity + " events not yet delivered");
    }
    Pending pending = new Pending(event, new AtomicInteger(interested.size()), free);
    interested.forEach(subscription -> subscription.enqueue(pending));
  }

  @Override
  public boolean appendWaits() {
    return false;
  }

  @Override
  public void subscribe(
      String name, Predicate<CloudEvent> interest, boolean ordered, Handler handler) {
    Subscription subscription = new Subscription(name, interest, ordered, handler);
    subscriptions.add(subscription);
    subscription.start();
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }

  private final class Subscription {
    private final String name;
    private final Predicate<CloudEvent> interest;
    private final Handler handler;
    private final List<BlockingQueue<Pending>> lanes;
    private final Semaphore inFlight = new Semaphore(maxInFlight);

    Subscription(String name, Predicate<CloudEvent> interest, boolean ordered, Handler handler) {
      this.name = name;
      this.interest = interest;
      this.handler = handler;
      this.lanes =
          Stream.generate(LinkedBlockingQueue<Pending>::new)
              .limit(ordered ? ORDERED_LANES : 1)
              .<BlockingQueue<Pending>>map(queue -> queue)
              .toList();
    }

    boolean ordered() {
      return lanes.size() > 1;
    }

    void enqueue(Pending pending) {
      if (!ordered() && inFlight.tryAcquire()) {
        // Room for one more delivery: start it on the appending thread rather than wake the lane's,
        // which costs more than the delivery's own start (an HTTP exchange on Netty's event loop).
        dispatch(pending);
        return;
      }
      Object key = pending.event().getExtension(Extensions.PARTITION_KEY);
      int lane = key == null ? 0 : Math.floorMod(key.toString().hashCode(), lanes.size());
      lanes.get(lane).add(pending);
    }

    void start() {
      for (BlockingQueue<Pending> lane : lanes) {
        threads.execute(() -> drain(lane));
      }
    }

    private void drain(BlockingQueue<Pending> lane) {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Pending pending = lane.take();
          if (ordered()) {
            try {
              // the next event of this lane waits for this one
              handle(pending).get();
            } catch (ExecutionException logged) {
              // logged by handle; the lane goes on
            }
          } else {
            inFlight.acquire();
            dispatch(pending);
          }
        }
      } catch (InterruptedException closing) {
        Thread.currentThread().interrupt();
      }
    }

    /** Starts an unordered delivery that holds one of the {@code inFlight} permits. */
    private void dispatch(Pending pending) {
      handle(pending).whenComplete((done, failure) -> inFlight.release());
    }

    private CompletableFuture<?> handle(Pending pending) {
      CompletableFuture<?> handled;
      try {
        handled = handler.handle(pending.event()).toCompletableFuture();
      } catch (RuntimeException e) {
        handled = CompletableFuture.failedFuture(e);
      }
      return handled.whenComplete(
          (done, failure) -> {
            if (failure != null) {
              log.error(
                  "subscription {} failed on event {}", name, pending.event().getId(), failure);
            }
            pending.done();
          });
    }
  }
}
