package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AppendFailuresTest {

  private final AppendFailures failures = new AppendFailures();

  @Test
  void aWriteThatSucceedsLeavesNothingToReport() {
    AtomicInteger written = new AtomicInteger();
    failures.write(List.of("a", "b"), events -> written.addAndGet(events.size()));
    assertEquals(2, written.get());
    assertDoesNotThrow(() -> failures.reportAndReset("flush"));
  }

  @Test
  void anEmptyCallWritesNothing() {
    failures.write(List.of(), events -> {
      throw new AssertionError("nothing to write");
    });
    assertDoesNotThrow(() -> failures.reportAndReset("flush"));
  }

  @Test
  void aFailedWriteIsRethrownThenReportedOnceWithItsCountAndCause() {
    IllegalStateException refused = new IllegalStateException("refused");
    assertSame(refused, assertThrows(IllegalStateException.class, () -> failures.write(List.of(1, 2, 3), events -> {
      throw refused;
    })));
    failures.write(List.of(4), events -> { });
    StoreException reported = assertThrows(StoreException.class, () -> failures.reportAndReset("flush"));
    assertSame(refused, reported.getCause());
    assertTrue(reported.getMessage().startsWith("flush failed: 3 events appended since the last flush were not stored"
        + " (1 failed write; the first failed with IllegalStateException: refused)"), reported.getMessage());
    assertDoesNotThrow(() -> failures.reportAndReset("flush"), "each failure is reported once");
  }
}
