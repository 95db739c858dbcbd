package dev.kinetic.broker;

import java.util.concurrent.atomic.LongAdder;

/** Running counts of one Trigger's deliveries, for status displays and tests. */
public final class TriggerStats {

  /** What happened so far. */
  public record Snapshot(long delivered, long retried, long deadLettered, long dropped) {}

  final LongAdder delivered = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder dropped = new LongAdder();

  public Snapshot snapshot() {
    return new Snapshot(delivered.sum(), retried.sum(), deadLettered.sum(), dropped.sum());
  }
}
