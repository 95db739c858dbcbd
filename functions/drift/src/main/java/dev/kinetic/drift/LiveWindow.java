package dev.kinetic.drift;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The newest {@code capacity} rows of live traffic, column by column, as a ring. Numeric values are
 * kept as floats, categories as their index, a missing value as NaN: a column costs 4 bytes a row,
 * so a 2,048-row window holds a feature in 8 KiB. Appending a row allocates nothing.
 *
 * <p>Not thread-safe; its owner synchronises.
 */
final class LiveWindow {

  private final float[][] columns;
  private final long[] times;
  private int next;
  private int size;

  LiveWindow(int columns, int capacity) {
    this.columns = new float[columns][capacity];
    this.times = new long[capacity];
  }

  int capacity() {
    return times.length;
  }

  int size() {
    return size;
  }

  int columns() {
    return columns.length;
  }

  /** Starts a row at {@code timeMillis}; its values are then set with {@link #set}. */
  int append(long timeMillis) {
    int slot = next;
    times[slot] = timeMillis;
    for (float[] column : columns) {
      column[slot] = Float.NaN;
    }
    next = (next + 1) % times.length;
    size = Math.min(size + 1, times.length);
    return slot;
  }

  void set(int column, int slot, float value) {
    columns[column][slot] = value;
  }

  /** Appends every row of {@code other}, oldest first. */
  void appendAll(LiveWindow other) {
    for (int i = 0; i < other.size; i++) {
      int from = other.slot(i);
      int to = append(other.times[from]);
      for (int c = 0; c < columns.length; c++) {
        columns[c][to] = other.columns[c][from];
      }
    }
  }

  void clear() {
    next = 0;
    size = 0;
  }

  /** The slot of the {@code i}-th oldest row. */
  private int slot(int i) {
    return (next - size + i + times.length) % times.length;
  }

  /** The time of the oldest row at or after {@code sinceMillis}, or -1 if there is none. */
  long oldestSince(long sinceMillis) {
    for (int i = 0; i < size; i++) {
      long time = times[slot(i)];
      if (time >= sinceMillis) {
        return time;
      }
    }
    return -1;
  }

  long newest() {
    return size == 0 ? -1 : times[slot(size - 1)];
  }

  /** The present values of {@code column} in rows at or after {@code sinceMillis}. */
  double[] values(int column, long sinceMillis) {
    double[] values = new double[size];
    int n = 0;
    for (int i = 0; i < size; i++) {
      int slot = slot(i);
      float value = columns[column][slot];
      if (times[slot] >= sinceMillis && !Float.isNaN(value)) {
        values[n++] = value;
      }
    }
    return Arrays.copyOf(values, n);
  }

  /** How many rows at or after {@code sinceMillis} there are. */
  int count(long sinceMillis) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (times[slot(i)] >= sinceMillis) {
        n++;
      }
    }
    return n;
  }

  /**
   * The window as stored: {@code rows} times (epoch milliseconds) oldest first, and per column its
   * floats in the same order, all as little-endian bytes (base64 in JSON, and NaN survives).
   */
  record Snapshot(int rows, byte[] times, List<byte[]> columns) {}

  Snapshot snapshot() {
    ByteBuffer orderedTimes = ByteBuffer.allocate(size * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    List<ByteBuffer> ordered = new ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      ordered.add(ByteBuffer.allocate(size * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN));
    }
    for (int i = 0; i < size; i++) {
      int slot = slot(i);
      orderedTimes.putLong(times[slot]);
      for (int c = 0; c < columns.length; c++) {
        ordered.get(c).putFloat(columns[c][slot]);
      }
    }
    return new Snapshot(
        size, orderedTimes.array(), ordered.stream().map(ByteBuffer::array).toList());
  }

  /** A window of {@code capacity} rows holding the newest rows of {@code snapshot}. */
  static LiveWindow of(Snapshot snapshot, int columns, int capacity) {
    LiveWindow window = new LiveWindow(columns, capacity);
    if (snapshot == null || snapshot.columns().size() != columns) {
      return window;
    }
    List<ByteBuffer> stored =
        snapshot.columns().stream()
            .map(bytes -> ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN))
            .toList();
    ByteBuffer times = ByteBuffer.wrap(snapshot.times()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < snapshot.rows(); i++) {
      int slot = window.append(times.getLong(i * Long.BYTES));
      for (int c = 0; c < columns; c++) {
        window.columns[c][slot] = stored.get(c).getFloat(i * Float.BYTES);
      }
    }
    return window;
  }
}
