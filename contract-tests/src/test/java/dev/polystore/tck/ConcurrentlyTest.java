package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {

  @Test
  void returnsWhatEachThreadReturnedOrThrewInOrder() throws Exception {
    IllegalStateException failure = new IllegalStateException("thread 1");
    List<Object> outcomes = Concurrently.run(3, i -> {
      if (i == 1) {
        throw failure;
      }
      return "result " + i;
    });
    assertEquals(3, outcomes.size());
    assertEquals("result 0", outcomes.get(0));
    assertSame(failure, outcomes.get(1));
    assertEquals("result 2", outcomes.get(2));
    AssertionError error = assertInstanceOf(AssertionError.class,
        Concurrently.run(1, i -> { throw new AssertionError("an error is an outcome too"); }).get(0));
    assertEquals("an error is an outcome too", error.getMessage());
  }

  @Test
  void everyThreadRunsAtTheSameTime() throws Exception {
    CountDownLatch allArrived = new CountDownLatch(4);
    List<Object> outcomes = Concurrently.run(4, i -> {
      allArrived.countDown();
      try {
        return allArrived.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      }
    });
    assertEquals(List.of(true, true, true, true), outcomes, "no thread waits for another to finish first");
  }

  @Test
  void needsAtLeastOneThread() {
    assertThrows(IllegalArgumentException.class, () -> Concurrently.run(0, i -> i));
  }
}
