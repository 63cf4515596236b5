package dev.polystore.tck;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Virtual threads (Java 21+) for tests compiled for Java 17: the project builds with {@code release 17}, so the
 * tests reach {@code Thread.ofVirtual()} and {@code Thread.isVirtual()} through method handles, found once when
 * this class loads. On an older JVM {@link #available()} is false and {@link #assumeAvailable()} skips the
 * calling test with a notice saying why and where it runs (CI's JDK 25 run).
 *
 * <p>One set of class files then serves both JDKs: compiled on 17 and run on 17 (skipped) and on 21+ (run), with
 * no second source set or JDK-activated build profile, which could not work when the classes compiled on 17 are
 * forked onto a newer JVM.
 *
 * <p>Thread-safe (stateless after class initialisation).
 */
public final class VirtualThreads {

  /** The feature release that made virtual threads final (JEP 444). */
  public static final int FIRST_RELEASE = 21;

  /** {@code Thread.ofVirtual()}, {@code OfVirtual.name(String, long)}, {@code Builder.factory()}; null before 21. */
  private static final MethodHandle OF_VIRTUAL;
  private static final MethodHandle NAME;
  private static final MethodHandle FACTORY;
  private static final MethodHandle IS_VIRTUAL;

  static {
    MethodHandle ofVirtual = null;
    MethodHandle name = null;
    MethodHandle factory = null;
    MethodHandle isVirtual = null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
      ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder));
      name = lookup.findVirtual(ofVirtualBuilder, "name",
          MethodType.methodType(ofVirtualBuilder, String.class, long.class));
      factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
      isVirtual = lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (ReflectiveOperationException e) {
      // Java 17 to 20 (19 and 20 only with --enable-preview): no final virtual threads
      ofVirtual = null;
    }
    OF_VIRTUAL = ofVirtual;
    NAME = name;
    FACTORY = factory;
    IS_VIRTUAL = isVirtual;
  }

  private VirtualThreads() {
  }

  /** Whether this JVM has virtual threads (Java 21 or later). */
  public static boolean available() {
    return OF_VIRTUAL != null && Runtime.version().feature() >= FIRST_RELEASE;
  }

  /**
   * Skips the calling test, with a notice, when this JVM has no virtual threads. Call it first in a test that
   * needs them.
   */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(available(), VirtualThreads::skipNotice);
  }

  /** Why a virtual-thread test is skipped on this JVM. */
  public static String skipNotice() {
    return "needs virtual threads (Java " + FIRST_RELEASE + " or later); this JVM is Java "
        + Runtime.version() + " (" + System.getProperty("java.home") + "), so the test is skipped here."
        + " CI runs it on its JDK 25 run (.ci/run); locally: ./mvnw test -Djvm=<JDK 21+>/bin/java";
  }

  /**
   * A factory of unstarted virtual threads named {@code <prefix>0}, {@code <prefix>1}, … (names show in thread
   * dumps).
   *
   * @throws UnsupportedOperationException when this JVM has no virtual threads
   */
  public static ThreadFactory factory(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!available()) {
      throw new UnsupportedOperationException(skipNotice());
    }
    try {
      Object builder = OF_VIRTUAL.invoke();
      builder = NAME.invoke(builder, prefix, 0L);
      return (ThreadFactory) FACTORY.invoke(builder);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot build a virtual thread factory", e);
    }
  }

  /** Whether {@code thread} is a virtual thread; always false before Java 21. */
  public static boolean isVirtual(Thread thread) {
    Objects.requireNonNull(thread, "thread");
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invoke(thread);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException("cannot ask whether a thread is virtual", e);
    }
  }

  /** The feature release of this JVM, such as 17 or 25. */
  public static int javaRelease() {
    return Runtime.version().feature();
  }

  /** This JVM's version and vendor, for reports. */
  public static String javaDescription() {
    return "Java " + Runtime.version() + " (" + Optional.ofNullable(System.getProperty("java.vendor")).orElse("?")
        + ")";
  }
}
