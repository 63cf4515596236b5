package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** Virtual threads reached through method handles: there from Java 21, a clear skip before. */
class VirtualThreadsTest {

  @Test
  void availableFromJava21Only() {
    assertEquals(Runtime.version().feature() >= 21, VirtualThreads.available());
    assertFalse(VirtualThreads.isVirtual(Thread.currentThread()), "the test runs on a platform thread");
  }

  @Test
  void theFactoryMakesNamedVirtualThreads() throws Exception {
    VirtualThreads.assumeAvailable();
    ThreadFactory factory = VirtualThreads.factory("probe-");
    AtomicBoolean ranVirtual = new AtomicBoolean();
    Thread first = factory.newThread(() -> ranVirtual.set(VirtualThreads.isVirtual(Thread.currentThread())));
    Thread second = factory.newThread(() -> { });
    assertEquals("probe-0", first.getName());
    assertEquals("probe-1", second.getName());
    first.start();
    first.join();
    assertTrue(ranVirtual.get(), "the thread is virtual, seen from inside");
    assertTrue(VirtualThreads.isVirtual(first));
  }

  @Test
  void beforeJava21TheFactoryRefusesAndTheTestIsSkippedWithANotice() {
    if (VirtualThreads.available()) {
      return;
    }
    UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
        () -> VirtualThreads.factory("probe-"));
    assertTrue(refused.getMessage().contains("Java 21"), refused.getMessage());
    TestAbortedException skipped = assertThrows(TestAbortedException.class, VirtualThreads::assumeAvailable);
    assertTrue(skipped.getMessage().contains("-Djvm="), "says how to run it: " + skipped.getMessage());
  }
}
