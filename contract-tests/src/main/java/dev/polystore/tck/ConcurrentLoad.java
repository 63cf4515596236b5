package dev.polystore.tck;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one task many times at once, on virtual threads (one each, all started and then released together) or on a
 * fixed pool of platform threads, within a deadline, and says how long it took and what failed. At the deadline it
 * fails with what the threads still running are doing ({@link ThreadDiagnostics}: their stacks, the JVM's
 * deadlock detection and a full thread dump), so a deadlock or a stall shows in the failure message.
 *
 * <pre>{@code
 * ConcurrentLoad.Run run = ConcurrentLoad.builder("sqlite").tasks(10_000).deadline(Duration.ofMinutes(2))
 *     .dumpDirectory(Path.of("target/virtual-threads")).build()
 *     .onVirtualThreads((i, steps) -> { store.create(user(i)); steps.done(); });
 * }</pre>
 *
 * <p>Immutable and thread-safe; each run uses its own threads and ends them before it returns.
 */
public final class ConcurrentLoad {

  /** Failures kept per run with their stack traces (all are counted). */
  private static final int KEPT_FAILURES = 10;

  /** One task; {@code index} tells the tasks of a run apart; it calls {@code steps.done()} after each step. */
  @FunctionalInterface
  public interface Task {
    void run(int index, Steps steps) throws Exception;
  }

  /** Where a task records that one of its steps (a request, say) ended, for the run's steady throughput. */
  public interface Steps {
    void done();
  }

  private final String name;
  private final int tasks;
  private final int stepsPerTask;
  private final Duration deadline;
  private final Path dumpDirectory;

  private ConcurrentLoad(Builder b) {
    this.name = b.name;
    this.tasks = b.tasks;
    this.stepsPerTask = b.stepsPerTask;
    this.deadline = b.deadline;
    this.dumpDirectory = b.dumpDirectory;
  }

  /** A load named {@code name} (thread names, dump files): 1 task, a deadline of 2 minutes, dumps to {@code target}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Runs every task on its own virtual thread: all {@code tasks} threads are started and wait until all are
   * running, then are released together (each unparked by the caller); the time is measured from then until the
   * last one ends.
   *
   * @throws UnsupportedOperationException on a JVM without virtual threads
   * @throws AssertionError when the tasks have not all ended by the deadline, with the diagnostics
   */
  public Run onVirtualThreads(Task task) throws InterruptedException {
    Objects.requireNonNull(task, "task");
    ThreadFactory factory = VirtualThreads.factory(name + "-virtual-");
    Progress progress = new Progress();
    CountDownLatch ready = new CountDownLatch(tasks);
    AtomicBoolean released = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>(tasks);
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    for (int i = 0; i < tasks; i++) {
      int index = i;
      Thread thread = factory.newThread(() -> {
        progress.running.add(Thread.currentThread());
        ready.countDown();
        while (!released.get()) {
          LockSupport.park(released);
          if (Thread.interrupted()) {
            progress.fail(new InterruptedException("interrupted before the release"));
            progress.end();
            return;
          }
        }
        progress.runTask(task, index);
      });
      if (!VirtualThreads.isVirtual(thread)) {
        throw new IllegalStateException("not a virtual thread: " + thread);
      }
      threads.add(thread);
      thread.start();
    }
    if (!ready.await(remaining(deadlineNanos), TimeUnit.NANOSECONDS)) {
      throw timedOut("virtual", progress, "starting " + tasks + " virtual threads");
    }
    // Every thread is unparked by this one: a latch would wake its waiters one after the other, each woken
    // thread waking the next, which trickles the release over seconds while the first ones already run.
    Usage usage = Usage.start();
    long started = System.nanoTime();
    released.set(true);
    threads.forEach(LockSupport::unpark);
    if (!progress.done.await(remaining(deadlineNanos), TimeUnit.NANOSECONDS)) {
      throw timedOut("virtual", progress, "running " + tasks + " tasks on " + tasks + " virtual threads");
    }
    return progress.result("virtual threads (" + tasks + ", all at once)", tasks,
        Duration.ofNanos(System.nanoTime() - started), usage.stop());
  }

  /**
   * Runs the tasks on a fixed pool of {@code threads} platform threads, handed to it all at once; the time is
   * measured from the first hand-over until the last task ends.
   *
   * @throws AssertionError when the tasks have not all ended by the deadline, with the diagnostics
   */
  public Run onPlatformThreads(int threads, Task task) throws InterruptedException {
    Objects.requireNonNull(task, "task");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    Progress progress = new Progress();
    AtomicInteger numbers = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, name + "-platform-" + numbers.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    });
    try {
      long deadlineNanos = System.nanoTime() + deadline.toNanos();
      Usage usage = Usage.start();
      long started = System.nanoTime();
      for (int i = 0; i < tasks; i++) {
        int index = i;
        pool.execute(() -> {
          progress.running.add(Thread.currentThread());
          progress.runTask(task, index);
        });
      }
      if (!progress.done.await(remaining(deadlineNanos), TimeUnit.NANOSECONDS)) {
        throw timedOut("platform", progress, "running " + tasks + " tasks on " + threads + " platform threads");
      }
      return progress.result("platform threads (fixed pool of " + threads + ")", threads,
          Duration.ofNanos(System.nanoTime() - started), usage.stop());
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Waits until the JIT compilers have been idle for {@code quiet} (their total time unchanged), at most
   * {@code atMost}: compilations a warm-up queued would otherwise run during, and be paid by, the next run.
   *
   * @return how long it waited
   */
  public static Duration awaitQuietCompiler(Duration quiet, Duration atMost) throws InterruptedException {
    long start = System.nanoTime();
    long end = start + atMost.toNanos();
    long last = Usage.compilerMillis();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < end && System.nanoTime() - quietSince < quiet.toNanos()) {
      Thread.sleep(50);
      long now = Usage.compilerMillis();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static long remaining(long deadlineNanos) {
    return Math.max(0, deadlineNanos - System.nanoTime());
  }

  /** The diagnostics of a run past its deadline, after which its threads are interrupted. */
  private AssertionError timedOut(String kind, Progress progress, String what) {
    String summary = name + ": not done within the deadline of " + deadline.toSeconds() + " s while " + what + " ("
        + progress.done.getCount() + " of " + tasks + " tasks unfinished, " + progress.failures.get()
        + " failed so far): a deadlock or a stall.";
    List<Thread> stuck = new ArrayList<>(progress.running);
    String diagnostics = ThreadDiagnostics.describe(name + "-" + kind, stuck, 5, dumpDirectory);
    stuck.forEach(Thread::interrupt);
    return new AssertionError(summary + "\n" + diagnostics);
  }

  /** The state of one run, shared by its threads. */
  private final class Progress {
    final Set<Thread> running = ConcurrentHashMap.newKeySet();
    final CountDownLatch done = new CountDownLatch(tasks);
    final AtomicInteger failures = new AtomicInteger();
    final List<Throwable> kept = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Integer> kinds = new ConcurrentHashMap<>();
    /** When each step ended ({@link System#nanoTime()}) and how long it took, in about the order they ended. */
    final long[] stepEnds = new long[tasks * stepsPerTask];
    final long[] stepNanos = new long[tasks * stepsPerTask];
    final AtomicInteger steps = new AtomicInteger();

    /** The steps of one task: each lasts from the end of the one before (or the task's start). */
    final class TaskSteps implements Steps {
      private long last = System.nanoTime();

      @Override
      public void done() {
        long now = System.nanoTime();
        int step = steps.getAndIncrement();
        if (step < stepEnds.length) {
          stepEnds[step] = now;
          stepNanos[step] = now - last;
        }
        last = now;
      }
    }

    void runTask(Task task, int index) {
      try {
        task.run(index, new TaskSteps());
      } catch (Throwable e) {
        fail(e);
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      } finally {
        end();
      }
    }

    void fail(Throwable e) {
      if (failures.incrementAndGet() <= KEPT_FAILURES) {
        kept.add(e);
      }
      // numbers (times, names such as v5290) vary between failures of one kind
      kinds.merge(e.getClass().getName() + ": " + firstLine(e.getMessage()).replaceAll("[0-9]+", "N"), 1,
          Integer::sum);
    }

    void end() {
      running.remove(Thread.currentThread());
      done.countDown();
    }

    /**
     * Steps per second while the middle half of them ended (from the end of the first quarter to the end of the
     * third): the steady state, without the start (the JIT still compiling, connections opening) and the tail.
     * Steps, not tasks: tasks released together move through a pool's queue in step and end together at last.
     */
    double steadyStepsPerSecond() {
      int recorded = Math.min(steps.get(), stepEnds.length);
      if (recorded < 8) {
        return Double.NaN;
      }
      long[] sorted = Arrays.copyOf(stepEnds, recorded);
      Arrays.sort(sorted);
      int from = recorded / 4;
      int to = recorded * 3 / 4;
      long nanos = sorted[to] - sorted[from];
      return nanos <= 0 ? Double.NaN : (to - from) / (nanos / 1e9);
    }

    /** The {@code p}-th percentile (0 to 100) of the steps' durations. */
    Duration stepPercentile(double p) {
      int recorded = Math.min(steps.get(), stepNanos.length);
      if (recorded == 0) {
        return Duration.ZERO;
      }
      long[] sorted = Arrays.copyOf(stepNanos, recorded);
      Arrays.sort(sorted);
      int at = (int) Math.min(recorded - 1, Math.max(0, Math.ceil(p / 100 * recorded) - 1));
      return Duration.ofNanos(sorted[at]);
    }

    Run result(String threads, int threadCount, Duration elapsed, Usage.Used used) {
      Map<String, Integer> sortedKinds = new LinkedHashMap<>();
      kinds.entrySet().stream().sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
          .forEach(e -> sortedKinds.put(e.getKey(), e.getValue()));
      return new Run(threads, threadCount, tasks, elapsed, steadyStepsPerSecond() / stepsPerTask,
          new Latency(stepPercentile(50), stepPercentile(99), stepPercentile(100)), used.cpu(), used.gc(),
          used.jit(), failures.get(), List.copyOf(kept), sortedKinds);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /**
   * The outcome of one run.
   *
   * @param threads the threads it ran on, in words
   * @param threadCount how many threads
   * @param tasks how many tasks ran
   * @param elapsed from the release of the tasks until the last one ended
   * @param steadyTasksPerSecond tasks per second in the steady state: steps per second while the middle half of
   *     the steps ended, over the steps per task (NaN when too few steps were recorded)
   * @param stepLatency how long a step took (from the end of the one before, or the task's start): waits for a
   *     connection included, waits for a thread not (a platform run's tasks wait for a thread before they start)
   * @param cpu the CPU time this JVM used meanwhile, all its threads (an in-process database's included)
   * @param gc the time its garbage collectors reported meanwhile
   * @param jit the time its JIT compilers reported meanwhile (they run on threads of their own, in that CPU time)
   * @param failures how many tasks threw
   * @param firstFailures the first few of what they threw
   * @param failureKinds how many threw what (class and first line of the message), the most frequent first
   */
  public record Run(String threads, int threadCount, int tasks, Duration elapsed, double steadyTasksPerSecond,
      Latency stepLatency, Duration cpu, Duration gc, Duration jit, int failures,
      List<Throwable> firstFailures, Map<String, Integer> failureKinds) {

    /** Tasks ended per second. */
    public double tasksPerSecond() {
      return tasks / Math.max(1e-9, elapsed.toNanos() / 1e9);
    }

    /**
     * One line: threads, tasks, time, tasks per second overall and in the steady state, operations per second
     * (steady), CPU, GC and JIT time, failures.
     */
    public String describe(int operationsPerTask) {
      return String.format(Locale.ROOT,
          "%-38s %5d tasks in %5.1f s = %5.0f tasks/s; steady %5.0f tasks/s = %5.0f operations/s;"
              + " operation p50 %s, p99 %s, max %s; CPU %5.1f s, GC %4.1f s, JIT %4.1f s; %d failed",
          threads + ":", tasks, elapsed.toMillis() / 1000.0, tasksPerSecond(), steadyTasksPerSecond,
          steadyTasksPerSecond * operationsPerTask, millis(stepLatency.p50()), millis(stepLatency.p99()),
          millis(stepLatency.max()), cpu.toMillis() / 1000.0, gc.toMillis() / 1000.0, jit.toMillis() / 1000.0,
          failures);
    }

    private static String millis(Duration d) {
      return d.toMillis() >= 10_000 ? String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)
          : d.toMillis() + " ms";
    }

    /** The failures, for an assertion message: how many of each kind, then the first one's stack trace. */
    public String describeFailures() {
      if (failures == 0) {
        return "no failures";
      }
      StringBuilder out = new StringBuilder(failures + " of " + tasks + " tasks failed on " + threads + ":");
      failureKinds.entrySet().stream().limit(10)
          .forEach(kind -> out.append("\n  ").append(kind.getValue()).append(" x ").append(kind.getKey()));
      if (failureKinds.size() > 10) {
        out.append("\n  ... and ").append(failureKinds.size() - 10).append(" other kinds");
      }
      if (!firstFailures.isEmpty()) {
        java.io.StringWriter trace = new java.io.StringWriter();
        firstFailures.get(0).printStackTrace(new java.io.PrintWriter(trace));
        out.append("\nThe first:\n").append(trace);
      }
      return out.toString();
    }
  }

  /**
   * Percentiles of how long the steps of a run took.
   *
   * @param p50 the median
   * @param p99 the 99th percentile
   * @param max the longest
   */
  public record Latency(Duration p50, Duration p99, Duration max) {
  }

  /** The CPU and garbage-collection time of this JVM from {@link #start()} until {@link #stop()}. */
  private record Usage(long cpuNanos, long gcMillis, long jitMillis) {

    record Used(Duration cpu, Duration gc, Duration jit) {
    }

    static Usage start() {
      return new Usage(processCpuNanos(), collectorMillis(), compilerMillis());
    }

    Used stop() {
      return new Used(Duration.ofNanos(Math.max(0, processCpuNanos() - cpuNanos)),
          Duration.ofMillis(Math.max(0, collectorMillis() - gcMillis)),
          Duration.ofMillis(Math.max(0, compilerMillis() - jitMillis)));
    }

    /** The JIT compilers' total time so far, or 0 when the JVM does not say. */
    static long compilerMillis() {
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static long processCpuNanos() {
      if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
        return Math.max(0, os.getProcessCpuTime());
      }
      return 0;
    }

    private static long collectorMillis() {
      long total = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        total += Math.max(0, gc.getCollectionTime());
      }
      return total;
    }
  }

  /** Builder of a {@link ConcurrentLoad}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private int tasks = 1;
    private int stepsPerTask = 1;
    private Duration deadline = Duration.ofMinutes(2);
    private Path dumpDirectory = Path.of("target");

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How many tasks (and, on virtual threads, threads); at least 1. */
    public Builder tasks(int tasks) {
      this.tasks = tasks;
      return this;
    }

    /** How many steps each task records with {@link Steps#done()}; default 1. */
    public Builder stepsPerTask(int stepsPerTask) {
      this.stepsPerTask = stepsPerTask;
      return this;
    }

    /** How long a run may take, the start of its threads included. */
    public Builder deadline(Duration deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /** Where thread dumps go when a run misses its deadline. */
    public Builder dumpDirectory(Path dumpDirectory) {
      this.dumpDirectory = Objects.requireNonNull(dumpDirectory, "dumpDirectory");
      return this;
    }

    public ConcurrentLoad build() {
      if (tasks < 1) {
        throw new IllegalArgumentException("tasks must be at least 1, not " + tasks);
      }
      if (stepsPerTask < 1) {
        throw new IllegalArgumentException("stepsPerTask must be at least 1, not " + stepsPerTask);
      }
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, not " + deadline);
      }
      return new ConcurrentLoad(this);
    }
  }
}
