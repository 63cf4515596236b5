package dev.polystore.tck;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Watches for virtual threads that block while pinned to their carrier thread, with the JDK's own diagnostics: a
 * JFR {@link RecordingStream} on {@code jdk.VirtualThreadPinned} with a duration threshold and stack traces.
 *
 * <p>The JVM emits that event when a virtual thread parks (waits for a lock, a condition, I/O, a sleep) and cannot
 * unmount because something holds it on its carrier: before Java 24 a {@code synchronized} block or method
 * (JEP 491 lifted that in 24), and on every release a native frame on the stack (JNI) or a class initialiser being
 * run. A virtual thread that spends long <em>inside</em> native code without parking also holds its carrier, but
 * no event reports it: that shows as a slow run, not here.
 *
 * <pre>{@code
 * try (PinnedThreadMonitor pins = PinnedThreadMonitor.start(Duration.ofMillis(20))) {
 *   ... the load ...
 *   PinnedThreadMonitor.Pins seen = pins.stop();
 * }
 * }</pre>
 *
 * <p>Needs Java 21+ (the event); on an older JVM {@link #start} throws {@link UnsupportedOperationException}.
 * Thread-safe: events arrive on JFR's thread while the test reads {@link #stop()}'s result on its own.
 */
public final class PinnedThreadMonitor implements AutoCloseable {

  /** The JFR event a pinned virtual thread's blocking emits. */
  public static final String EVENT = "jdk.VirtualThreadPinned";

  /** Frames kept per event. */
  private static final int FRAMES = 16;

  /** {@code RecordingStream.stop()} (Java 20+), which waits until every recorded event was delivered. */
  private static final MethodHandle STOP = stopHandle();

  private final Duration threshold;
  private final RecordingStream stream;
  private final List<Pin> pins = Collections.synchronizedList(new ArrayList<>());
  private Pins stopped;

  private PinnedThreadMonitor(Duration threshold) {
    this.threshold = threshold;
    this.stream = new RecordingStream();
    try {
      // Only this event: a stream records every event class whose default is enabled, libraries' own events
      // included (JDBI writes one per statement), which would cost time and could pin inside JFR itself.
      for (EventType type : FlightRecorder.getFlightRecorder().getEventTypes()) {
        if (!type.getName().equals(EVENT)) {
          stream.disable(type.getName());
        }
      }
      stream.enable(EVENT).withThreshold(threshold).withStackTrace();
      stream.onEvent(EVENT, this::record);
      stream.startAsync();
    } catch (RuntimeException | Error e) {
      stream.close();
      throw e;
    }
  }

  /**
   * Starts recording pinned blocking of at least {@code threshold}.
   *
   * @throws UnsupportedOperationException when this JVM has no virtual threads
   */
  public static PinnedThreadMonitor start(Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (!VirtualThreads.available() || STOP == null) {
      throw new UnsupportedOperationException(VirtualThreads.skipNotice());
    }
    return new PinnedThreadMonitor(threshold);
  }

  private static MethodHandle stopHandle() {
    try {
      return MethodHandles.publicLookup().findVirtual(RecordingStream.class, "stop",
          MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private void record(RecordedEvent event) {
    List<String> frames = new ArrayList<>();
    if (event.getStackTrace() != null) {
      for (RecordedFrame frame : event.getStackTrace().getFrames()) {
        if (frames.size() == FRAMES) {
          break;
        }
        frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName()
            + (frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : ""));
      }
    }
    // Java 24+ says why the thread could not unmount and what it was blocked on
    String reason = event.hasField("pinnedReason") ? event.getString("pinnedReason") : null;
    String operation = event.hasField("blockingOperation") ? event.getString("blockingOperation") : null;
    pins.add(new Pin(event.getDuration(), reason, operation, List.copyOf(frames)));
  }

  /**
   * Stops recording once every event recorded so far was delivered, and returns them. Later calls return the same.
   */
  public synchronized Pins stop() {
    if (stopped == null) {
      try {
        STOP.invoke(stream);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot stop the JFR recording stream", e);
      } finally {
        stream.close();
      }
      synchronized (pins) {
        stopped = new Pins(threshold, List.copyOf(pins));
      }
    }
    return stopped;
  }

  /** Stops recording (events still undelivered are dropped). */
  @Override
  public synchronized void close() {
    stream.close();
  }

  /**
   * One pinned blocking.
   *
   * @param duration how long the virtual thread blocked while pinned
   * @param reason why it could not unmount ({@code pinnedReason}, Java 24+), or null
   * @param blockingOperation what it blocked on ({@code blockingOperation}, Java 24+), or null
   * @param frames the top of its stack, innermost first
   */
  public record Pin(Duration duration, String reason, String blockingOperation, List<String> frames) {

    /** The frames that say where it happened: the first ones below the JDK's own parking machinery. */
    List<String> site() {
      List<String> site = new ArrayList<>();
      for (String frame : frames) {
        if (site.isEmpty() && isParkingMachinery(frame)) {
          continue;
        }
        site.add(frame);
        if (site.size() == 4) {
          break;
        }
      }
      return site.isEmpty() ? frames : site;
    }

    private static boolean isParkingMachinery(String frame) {
      return frame.startsWith("jdk.internal.") || frame.startsWith("java.lang.VirtualThread.")
          || frame.startsWith("java.lang.Thread.") || frame.startsWith("java.util.concurrent.locks.")
          || frame.startsWith("java.lang.Object.wait");
    }
  }

  /**
   * What a recording saw.
   *
   * @param threshold the shortest pinned blocking recorded
   * @param pins every pinned blocking at least that long, in the order delivered
   */
  public record Pins(Duration threshold, List<Pin> pins) {

    public int count() {
      return pins.size();
    }

    /** The longest pinned blocking, or zero. */
    public Duration longest() {
      return pins.stream().map(Pin::duration).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /**
     * A summary for a report or a failure message: the count and, per place (the top frames below the JDK's
     * parking), how many, the longest, why and the stack, the most frequent first, at most {@code places} of them.
     */
    public String describe(int places) {
      StringBuilder out = new StringBuilder();
      out.append(count()).append(" pinned blocking").append(count() == 1 ? "" : "s").append(" of at least ")
          .append(threshold.toMillis()).append(" ms (").append(EVENT).append(")");
      if (pins.isEmpty()) {
        return out.toString();
      }
      out.append(", longest ").append(longest().toMillis()).append(" ms");
      Map<List<String>, List<Pin>> bySite = new LinkedHashMap<>();
      for (Pin pin : pins) {
        bySite.computeIfAbsent(pin.site(), k -> new ArrayList<>()).add(pin);
      }
      List<List<Pin>> groups = new ArrayList<>(bySite.values());
      groups.sort((a, b) -> Integer.compare(b.size(), a.size()));
      for (List<Pin> group : groups.subList(0, Math.min(places, groups.size()))) {
        Pin first = group.get(0);
        Duration longest = group.stream().map(Pin::duration).max(Duration::compareTo).orElseThrow();
        out.append("\n  ").append(group.size()).append(" x, longest ").append(longest.toMillis()).append(" ms");
        if (first.reason() != null) {
          out.append(", reason: ").append(first.reason());
        }
        if (first.blockingOperation() != null) {
          out.append(", blocked in: ").append(first.blockingOperation());
        }
        for (String frame : first.frames()) {
          out.append("\n      at ").append(frame);
        }
      }
      if (groups.size() > places) {
        out.append("\n  ... and ").append(groups.size() - places).append(" other places");
      }
      return out.toString();
    }
  }
}
