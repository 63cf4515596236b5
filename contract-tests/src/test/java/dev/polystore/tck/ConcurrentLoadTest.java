package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentLoadTest {

  @TempDir
  Path dumps;

  private ConcurrentLoad load(String name, int tasks, Duration deadline) {
    return ConcurrentLoad.builder(name).tasks(tasks).stepsPerTask(2).deadline(deadline).dumpDirectory(dumps)
        .build();
  }

  @Test
  void virtualThreadsRunEveryTaskAtOnce() throws Exception {
    VirtualThreads.assumeAvailable();
    int tasks = 2_000;
    CountDownLatch allRunning = new CountDownLatch(tasks);
    ConcurrentLoad.Run run = load("together", tasks, Duration.ofMinutes(1)).onVirtualThreads((i, steps) -> {
      allRunning.countDown();
      steps.done();
      if (!allRunning.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("task " + i + " did not see the others running");
      }
      steps.done();
    });
    assertEquals(0, run.failures(), run::describeFailures);
    assertEquals(tasks, run.tasks());
    assertTrue(run.threads().startsWith("virtual threads (2000"), run.threads());
    assertTrue(run.steadyTasksPerSecond() > 0, "steps were recorded: " + run.steadyTasksPerSecond());
  }

  @Test
  void failuresAreCountedByKindWithoutTheirNumbers() throws Exception {
    ConcurrentLoad.Run run = load("failing", 10, Duration.ofMinutes(1)).onPlatformThreads(3, (i, steps) -> {
      if (i % 2 == 0) {
        throw new IllegalStateException("task " + i + " failed");
      }
    });
    assertEquals(5, run.failures());
    assertEquals(java.util.Map.of("java.lang.IllegalStateException: task N failed", 5), run.failureKinds());
    String described = run.describeFailures();
    assertTrue(described.contains("5 of 10 tasks failed") && described.contains("5 x java.lang.IllegalStateException"),
        described);
    assertTrue(described.contains("at dev.polystore.tck.ConcurrentLoadTest"), "with the first stack: " + described);
  }

  @Test
  void aDeadlockFailsAtTheDeadlineWithTheDeadlockedThreadsAndADump() {
    ReentrantLock a = new ReentrantLock();
    ReentrantLock b = new ReentrantLock();
    CyclicBarrier bothHoldOne = new CyclicBarrier(2);
    AssertionError failure = assertThrows(AssertionError.class, () -> load("deadlock", 2, Duration.ofSeconds(2))
        .onPlatformThreads(2, (i, steps) -> {
          ReentrantLock first = i == 0 ? a : b;
          ReentrantLock second = i == 0 ? b : a;
          first.lockInterruptibly();
          try {
            bothHoldOne.await();
            second.lockInterruptibly();
            second.unlock();
          } finally {
            first.unlock();
          }
        }));
    String message = failure.getMessage();
    assertTrue(message.contains("not done within the deadline of 2 s") && message.contains("2 of 2 tasks unfinished"),
        message);
    assertTrue(message.contains("Deadlocked threads (ThreadMXBean.findDeadlockedThreads):")
        && message.contains("deadlock-platform-"), "names the deadlocked threads: " + message);
    assertTrue(message.contains("ConcurrentLoadTest.lambda$"), "shows where they wait: " + message);
    assertDumpWritten(message);
  }

  @Test
  void aStallOnVirtualThreadsFailsWithTheirStacksAndADumpThatIncludesThem() throws Exception {
    VirtualThreads.assumeAvailable();
    CountDownLatch never = new CountDownLatch(1);
    AssertionError failure = assertThrows(AssertionError.class, () -> load("stall", 50, Duration.ofSeconds(2))
        .onVirtualThreads((i, steps) -> never.await()));
    String message = failure.getMessage();
    assertTrue(message.contains("50 of 50 tasks unfinished"), message);
    assertTrue(message.contains("50 threads still running, by stack:") && message.contains("50 x, such as \"stall-virtual-"),
        "groups the stuck threads by stack: " + message);
    assertTrue(message.contains("CountDownLatch.await"), message);
    Path dump = assertDumpWritten(message);
    assertTrue(Files.readString(dump).contains("stall-virtual-"), "the dump includes the virtual threads");
  }

  private Path assertDumpWritten(String message) {
    Matcher file = Pattern.compile("[Tt]hread dump[^:]*: (\\S+)").matcher(message);
    assertTrue(file.find(), "names the dump file: " + message);
    Path dump = Path.of(file.group(1));
    assertTrue(Files.isRegularFile(dump) && dump.startsWith(dumps.toAbsolutePath()), "dump at " + dump);
    try (Stream<Path> files = Files.list(dumps)) {
      assertEquals(List.of(dump), files.map(Path::toAbsolutePath).toList());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return dump;
  }
}
