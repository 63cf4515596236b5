package dev.polystore.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.samples.SamplesApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo} on a SQLite file, run in-process. */
class DemoCommandTest {

  @TempDir
  Path folder;

  @Test
  void walksThroughEveryScenarioAndCanRunAgainOnTheSameFile() {
    String url = "jdbc:sqlite:" + folder.resolve("demo.db");

    String first = run("demo", "--url", url);
    assertTrue(first.contains("== 1. Connect") && first.contains("backend SQLite"), first);
    assertTrue(first.contains("a second \"ANN\" is refused"), first);
    assertTrue(first.contains("findByUsername(\"BOB\")    -> bob (27)"), first);
    assertTrue(first.contains("an update from the stale copy (version 1) is refused"), first);
    assertTrue(first.contains("page 3: [eve]"), first);
    assertTrue(first.contains("ann wrote [Hello, Indexes]"), first);
    assertTrue(first.contains("posts tagged databases: [Hello [databases, intro], Indexes [databases, performance]]")
        || first.contains("posts tagged databases: [Indexes [databases, performance], Hello [databases, intro]]"),
        first);
    assertTrue(first.contains("a failing transaction is rolled back (something went wrong after the update): dana (45)"),
        first);
    assertTrue(first.contains("her post \"Hello\" now: gone"), first);
    assertTrue(first.contains("appended 20 readings"), first);
    assertTrue(first.contains("Done."), first);

    String second = run("demo", "--url", url);
    assertTrue(second.contains("deleted bob: true"), "the second run starts by removing the first run's users: "
        + second);
    assertTrue(second.contains("Done."), second);
  }

  @Test
  void aStoreThatCannotBeOpenedIsReportedInOneLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path noFolder = folder.resolve("missing").resolve("demo.db");
    int status = execute(bytes, "demo", "--url", "jdbc:sqlite:" + noFolder);
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, status, output);
    assertTrue(output.contains("The demo stopped: "), output);
    assertTrue(!output.contains("\tat "), output);
  }

  private static String run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = execute(bytes, args);
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, output);
    return output;
  }

  private static int execute(ByteArrayOutputStream bytes, String... args) {
    PrintStream original = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return SamplesApp.commandLine().execute(args);
    } finally {
      System.setOut(original);
    }
  }
}
