package dev.polystore.tck;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the threads of a test are doing when it gives up waiting for them: for a failure message that shows a
 * deadlock or a stall without a rerun.
 *
 * <ul>
 *   <li>the given threads (such as the virtual threads of a load still running at its deadline) grouped by
 *       their stacks, the largest group first;</li>
 *   <li>the JVM's own deadlock detection ({@link ThreadMXBean#findDeadlockedThreads()}, monitors and
 *       {@code java.util.concurrent} locks of platform threads, with the locks each holds);</li>
 *   <li>a full thread dump in a file. On Java 21+ it is written by
 *       {@code HotSpotDiagnosticMXBean.dumpThreads} (what {@code jcmd <pid> Thread.dump_to_file} runs), the only
 *       dump that includes virtual threads; before 21, {@link ThreadMXBean#dumpAllThreads} of the platform
 *       threads.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class ThreadDiagnostics {

  /** Frames shown per group of threads. */
  private static final int FRAMES = 14;

  /** {@code HotSpotDiagnosticMXBean.dumpThreads(String, ThreadDumpFormat)} with the plain-text format (Java 21+). */
  private static final MethodHandle DUMP_THREADS;
  private static final Object PLAIN_TEXT;

  static {
    MethodHandle dump = null;
    Object text = null;
    try {
      Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
      dump = MethodHandles.publicLookup().findVirtual(HotSpotDiagnosticMXBean.class, "dumpThreads",
          MethodType.methodType(void.class, String.class, format));
      text = plainText(format);
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      dump = null;
    }
    DUMP_THREADS = dump;
    PLAIN_TEXT = text;
  }

  private ThreadDiagnostics() {
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object plainText(Class<?> format) {
    return Enum.valueOf((Class) format, "TEXT_PLAIN");
  }

  /**
   * Describes {@code threads} (grouped by stack, at most {@code groups} groups), the JVM's deadlocked threads,
   * and writes a full thread dump into {@code directory}, naming the file.
   *
   * @param what what the threads were doing, for the file's name ({@code sqlite-virtual})
   */
  public static String describe(String what, Collection<Thread> threads, int groups, Path directory) {
    StringBuilder out = new StringBuilder();
    out.append(threads.size()).append(" thread").append(threads.size() == 1 ? "" : "s")
        .append(" still running, by stack:");
    Map<List<StackTraceElement>, List<Thread>> byStack = new LinkedHashMap<>();
    for (Thread thread : threads) {
      StackTraceElement[] stack = thread.getStackTrace();
      List<StackTraceElement> top = List.of(Arrays.copyOf(stack, Math.min(FRAMES, stack.length)));
      byStack.computeIfAbsent(top, k -> new ArrayList<>()).add(thread);
    }
    List<Map.Entry<List<StackTraceElement>, List<Thread>>> sorted = new ArrayList<>(byStack.entrySet());
    sorted.sort((a, b) -> Integer.compare(b.getValue().size(), a.getValue().size()));
    for (Map.Entry<List<StackTraceElement>, List<Thread>> group : sorted.subList(0, Math.min(groups,
        sorted.size()))) {
      Thread example = group.getValue().get(0);
      out.append("\n  ").append(group.getValue().size()).append(" x, such as \"").append(example.getName())
          .append("\" (").append(example.getState()).append(')');
      if (group.getKey().isEmpty()) {
        out.append("\n      (no frames: not started, or finished)");
      }
      for (StackTraceElement frame : group.getKey()) {
        out.append("\n      at ").append(frame);
      }
    }
    if (sorted.size() > groups) {
      out.append("\n  ... and ").append(sorted.size() - groups).append(" other stacks");
    }
    out.append('\n').append(deadlocks());
    out.append('\n').append(dumpAll(what, directory));
    return out.toString();
  }

  /** The JVM's deadlocked platform threads with their stacks and locks, or a line saying there are none. */
  public static String deadlocks() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] ids = threads.findDeadlockedThreads();
    if (ids == null || ids.length == 0) {
      return "Deadlocked threads (ThreadMXBean.findDeadlockedThreads, platform threads): none";
    }
    StringBuilder out = new StringBuilder("Deadlocked threads (ThreadMXBean.findDeadlockedThreads):");
    for (ThreadInfo info : threads.getThreadInfo(ids, true, true)) {
      if (info != null) {
        out.append("\n").append(info.toString().stripTrailing().indent(2).stripTrailing());
      }
    }
    return out.toString();
  }

  /** Writes a dump of every thread (virtual ones included on Java 21+) into {@code directory}; says where. */
  public static String dumpAll(String what, Path directory) {
    try {
      Files.createDirectories(directory);
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
      Path file = directory.resolve("threads-" + what.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + stamp + ".txt")
          .toAbsolutePath();
      if (DUMP_THREADS != null) {
        HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        DUMP_THREADS.invoke(bean, file.toString(), PLAIN_TEXT);
        return "Full thread dump, virtual threads included (HotSpotDiagnosticMXBean.dumpThreads): " + file;
      }
      StringBuilder dump = new StringBuilder();
      for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        dump.append(info).append('\n');
      }
      Files.writeString(file, dump, StandardCharsets.UTF_8);
      return "Thread dump of the platform threads (ThreadMXBean.dumpAllThreads): " + file;
    } catch (Throwable e) {
      // diagnostics of a failure must not hide it
      return "(no thread dump: " + e + ")";
    }
  }
}
