package dev.polystore.influxdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a new JVM (the running JVM's {@code java}, its classpath) and waits
 * for it to exit, with a bound: a JVM still running then is killed and the result says so. Its standard output and
 * error go to files, so a chatty child never blocks on a full pipe. Immutable results; thread-safe.
 */
final class ChildJvm {

  /** How a child ended: its exit code (-1 when it had to be killed), what it wrote, and how long it ran. */
  record Result(int exitCode, boolean timedOut, String stdout, String stderr, Duration elapsed) {

    @Override
    public String toString() {
      return "exit " + exitCode + (timedOut ? " (killed: did not exit in time)" : "") + " after "
          + elapsed.toMillis() + " ms\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }
  }

  private ChildJvm() {
  }

  /**
   * Runs {@code main} with the given JVM options and arguments, waiting at most {@code timeout} for it to exit.
   */
  static Result run(Class<?> main, List<String> jvmOptions, List<String> arguments, Duration timeout) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(arguments);
    try {
      Path out = Files.createTempFile("child-jvm", ".out");
      Path err = Files.createTempFile("child-jvm", ".err");
      try {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        if (!exited) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Result(exited ? process.exitValue() : -1, !exited, Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8), elapsed);
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + main.getName(), e);
    }
  }
}
