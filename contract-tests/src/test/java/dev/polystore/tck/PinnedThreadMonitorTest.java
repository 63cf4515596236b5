package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The monitor sees what it must: a virtual thread that blocks while pinned (here: sleeping inside a class
 * initialiser, which pins on every release), and not one that blocks unpinned. Without the first, a load test's
 * "no pinned blocking" would prove nothing.
 */
class PinnedThreadMonitorTest {

  /** Sleeps in its initialiser: the virtual thread that initialises it cannot unmount meanwhile. */
  static final class SlowToInitialise {
    static final long STARTED = System.nanoTime();

    static {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private SlowToInitialise() {
    }
  }

  @Test
  void seesAVirtualThreadThatBlocksWhilePinned() throws Exception {
    VirtualThreads.assumeAvailable();
    PinnedThreadMonitor.Pins pins;
    try (PinnedThreadMonitor monitor = PinnedThreadMonitor.start(Duration.ofMillis(20))) {
      Thread thread = VirtualThreads.factory("pinned-").newThread(() -> {
        if (SlowToInitialise.STARTED == 0) {
          throw new IllegalStateException("never");
        }
      });
      thread.start();
      thread.join();
      pins = monitor.stop();
    }
    assertEquals(1, pins.count(), pins.describe(3));
    assertTrue(pins.longest().toMillis() >= 100, pins.describe(3));
    String described = pins.describe(3);
    assertTrue(described.contains("SlowToInitialise"), "names where it happened: " + described);
  }

  @Test
  void ignoresBlockingThatUnmounts() throws Exception {
    VirtualThreads.assumeAvailable();
    PinnedThreadMonitor.Pins pins;
    try (PinnedThreadMonitor monitor = PinnedThreadMonitor.start(Duration.ofMillis(20))) {
      Thread thread = VirtualThreads.factory("unpinned-").newThread(() -> {
        Object lock = new Object();
        synchronized (lock) {
          // Java 24+ unmounts inside synchronized too (JEP 491); before, this pins
          sleep(Runtime.version().feature() >= 24 ? 100 : 0);
        }
        sleep(100);
      });
      thread.start();
      thread.join();
      pins = monitor.stop();
    }
    assertEquals(0, pins.count(), pins.describe(3));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
