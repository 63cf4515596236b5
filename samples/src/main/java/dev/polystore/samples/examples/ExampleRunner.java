package dev.polystore.samples.examples;

import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import java.io.PrintStream;

/**
 * Runs an example program from its {@code main}: finds the store URL, prints a heading, and reports an expected
 * failure (a server that does not answer, a bad URL) as one line instead of a stack trace, exiting with status 1.
 * Stateless and thread-safe.
 */
final class ExampleRunner {

  /** What an example does with a store configuration. */
  @FunctionalInterface
  interface Example {
    void run(StoreConfig config, PrintStream out);
  }

  private ExampleRunner() {
  }

  /** Runs {@code example} on the store the arguments name (see {@link ExampleUrls}). */
  static void main(String[] args, String program, Example example) {
    PrintStream out = System.out;
    try {
      StoreConfig config = StoreConfig.of(ExampleUrls.fromArguments(args, program));
      out.println("== " + program + " on " + config.maskedUrl());
      example.run(config, out);
    } catch (StoreException e) {
      fail(out, e);
    }
  }

  /** Prints an expected failure as one line and exits with status 1. */
  static void fail(PrintStream out, StoreException e) {
    out.println("Stopped: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    System.exit(1);
  }
}
