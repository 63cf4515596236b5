package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Backoff DYNAMO_DEFAULTS = Backoff.of(9, Duration.ofMillis(25), Duration.ofSeconds(2));

  @Test
  void theCeilingDoublesFromTheBaseDelayUpToTheMaxDelay() {
    List<Long> millis = IntStream.range(0, 10).mapToObj(DYNAMO_DEFAULTS::ceiling).map(Duration::toMillis).toList();
    assertEquals(List.of(25L, 50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L, 2000L), millis);
    assertEquals(Duration.ofSeconds(2), DYNAMO_DEFAULTS.ceiling(Integer.MAX_VALUE), "no overflow far out");
    Backoff huge = Backoff.of(3, Duration.ofDays(100_000), Duration.ofSeconds(Long.MAX_VALUE));
    assertEquals(Duration.ofNanos(Long.MAX_VALUE), huge.ceiling(40), "saturates instead of wrapping");
  }

  @Test
  void aDelayIsDrawnUniformlyBetweenZeroAndTheCeiling() {
    Backoff backoff = Backoff.of(5, Duration.ofMillis(100), Duration.ofSeconds(1));
    long ceiling = backoff.ceiling(2).toNanos();
    double sum = 0;
    long shortest = Long.MAX_VALUE;
    long longest = 0;
    int samples = 20_000;
    for (int i = 0; i < samples; i++) {
      long nanos = backoff.delay(2).toNanos();
      assertTrue(nanos >= 0 && nanos <= ceiling, nanos + " outside [0, " + ceiling + "]");
      sum += nanos;
      shortest = Math.min(shortest, nanos);
      longest = Math.max(longest, nanos);
    }
    double mean = sum / samples / ceiling;
    assertTrue(mean > 0.47 && mean < 0.53, "full jitter averages half the ceiling, not " + mean);
    assertTrue(shortest < ceiling / 20 && longest > ceiling * 19 / 20, "the whole range is used");
  }

  @Test
  void aZeroBaseDelayNeverWaits() {
    Backoff none = Backoff.of(3, Duration.ZERO, Duration.ZERO);
    assertEquals(Duration.ZERO, none.delay(5));
    long start = System.nanoTime();
    none.pause(0);
    assertTrue(System.nanoTime() - start < 50_000_000L);
  }

  @Test
  void attemptsCountTheFirstOne() {
    assertEquals(9, DYNAMO_DEFAULTS.maxAttempts());
    assertEquals(8, DYNAMO_DEFAULTS.maxRetries());
    assertEquals(0, Backoff.of(1, Duration.ZERO, Duration.ZERO).maxRetries());
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.of(0, Duration.ZERO, Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Backoff.of(3, Duration.ofMillis(-1), Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> Backoff.of(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> DYNAMO_DEFAULTS.ceiling(-1));
  }

  @Test
  void anInterruptedPauseFailsAndKeepsTheInterrupt() {
    Backoff slow = Backoff.of(3, Duration.ofSeconds(30), Duration.ofSeconds(30));
    Thread.currentThread().interrupt();
    try {
      long start = System.nanoTime();
      StoreException e = assertThrows(StoreException.class, () -> slow.pause(0));
      assertTrue(e.getCause() instanceof InterruptedException, String.valueOf(e.getCause()));
      assertTrue(Thread.currentThread().isInterrupted(), "the interrupt flag is set again");
      assertTrue(System.nanoTime() - start < 5_000_000_000L, "it did not sleep out the pause");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void equalSettingsAreEqualBackoffs() {
    assertEquals(DYNAMO_DEFAULTS, Backoff.of(9, Duration.ofMillis(25), Duration.ofSeconds(2)));
    assertEquals(DYNAMO_DEFAULTS.hashCode(), Backoff.of(9, Duration.ofMillis(25), Duration.ofSeconds(2)).hashCode());
  }
}
