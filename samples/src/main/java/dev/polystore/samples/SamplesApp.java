package dev.polystore.samples;

import dev.polystore.samples.backends.NativeLibraries;
import dev.polystore.samples.compare.CompareCommand;
import dev.polystore.samples.demo.DemoCommand;
import dev.polystore.samples.schema.SchemaCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of the samples jar: {@code compare}, {@code demo} and {@code schema}.
 *
 * <pre>
 * java -jar samples/target/polystore-samples.jar compare
 * java -jar samples/target/polystore-samples.jar demo --url jdbc:sqlite:demo.db
 * java -jar samples/target/polystore-samples.jar schema --url jdbc:postgresql://127.0.0.1:5432/test?user=postgres
 * </pre>
 *
 * <p>Not thread-safe; one instance per command line.
 */
@Command(name = "polystore-samples", mixinStandardHelpOptions = true,
    description = "Runs Polystore on several backends: compare them, walk through the API, look at schemas.",
    subcommands = {CompareCommand.class, DemoCommand.class, SchemaCommand.class, CommandLine.HelpCommand.class})
public final class SamplesApp implements Runnable {

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    prepareJvm();
    System.exit(commandLine().execute(args));
  }

  /** The command line, ready to {@code execute}; tests run it in-process. */
  public static CommandLine commandLine() {
    return new CommandLine(new SamplesApp())
        // each command reports the failures it expects; anything else is one line, not a stack trace
        .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
          commandLine.getErr().println(commandLine.getCommandName() + " failed: " + describe(e));
          return 1;
        });
  }

  /** The exception and its causes, in one line. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }

  /**
   * What every command needs before it starts: charts without a display, quiet libraries, and the folder of the
   * sqlite4java natives DynamoDB Local loads.
   */
  public static void prepareJvm() {
    System.setProperty("java.awt.headless", "true");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    NativeLibraries.locateSqlite4java();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
