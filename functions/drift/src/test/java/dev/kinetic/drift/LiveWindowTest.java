package dev.kinetic.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.Json;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class LiveWindowTest {

  @Test
  void keepsTheNewestRowsOldestFirst() {
    LiveWindow window = new LiveWindow(2, 3);
    for (int i = 0; i < 5; i++) {
      int slot = window.append(1000 + i);
      window.set(0, slot, i);
      window.set(1, slot, i == 3 ? Float.NaN : 10 * i);
    }

    assertThat(window.size()).isEqualTo(3);
    assertThat(window.values(0, 0)).containsExactly(2, 3, 4);
    assertThat(window.values(1, 0)).as("missing values left out").containsExactly(20, 40);
    assertThat(window.values(0, 1003)).containsExactly(3, 4);
    assertThat(window.oldestSince(0)).isEqualTo(1002);
    assertThat(window.newest()).isEqualTo(1004);
  }

  @Test
  void survivesJsonWithItsMissingValues() {
    LiveWindow window = new LiveWindow(1, 4);
    window.set(0, window.append(1), 1.5f);
    window.append(2);
    window.set(0, window.append(3), -2f);

    byte[] json = Json.MAPPER.writeValueAsBytes(window.snapshot());
    LiveWindow restored =
        LiveWindow.of(Json.MAPPER.readValue(json, LiveWindow.Snapshot.class), 1, 4);

    assertThat(restored.size()).isEqualTo(3);
    assertThat(restored.values(0, 0)).containsExactly(1.5, -2.0);
    assertThat(restored.count(0)).isEqualTo(3);
  }

  @Test
  void appendsAnotherWindowAndDropsWhatNoLongerFits() {
    LiveWindow stored = new LiveWindow(1, 4);
    LiveWindow pending = new LiveWindow(1, 4);
    for (int i = 0; i < 3; i++) {
      stored.set(0, stored.append(i), i);
      pending.set(0, pending.append(10 + i), 10 + i);
    }

    stored.appendAll(pending);

    assertThat(stored.values(0, 0)).containsExactly(2, 10, 11, 12);
  }

  @Test
  void aRowCostsFourBytesAColumnAndAppendingAllocatesNothing() {
    LiveWindow window = new LiveWindow(6, 2048);
    assertThat(window.snapshot().columns().getFirst()).isEmpty();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    fill(window, 10_000); // warm up

    long before = threads.getCurrentThreadAllocatedBytes();
    fill(window, 100_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(allocated).as("bytes allocated by 600,000 feature updates").isLessThan(1024);
    assertThat(window.snapshot().columns().getFirst()).hasSize(2048 * Float.BYTES);
  }

  private static void fill(LiveWindow window, int rows) {
    for (int i = 0; i < rows; i++) {
      int slot = window.append(i);
      for (int c = 0; c < window.columns(); c++) {
        window.set(c, slot, i * 0.5f + c);
      }
    }
  }
}
