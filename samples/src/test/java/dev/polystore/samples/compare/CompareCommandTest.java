package dev.polystore.samples.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.polystore.samples.backends.BackendKind;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code compare}, run in-process with a tiny workload on SQLite in memory and DynamoDB Local. */
class CompareCommandTest {

  private static final String[] TINY = {"--no-env", "--users", "30", "--events", "200", "--reads", "2",
      "--no-progress"};
  private static final String EMBEDDED = "sqlite-memory,dynamodb";

  @TempDir
  Path folder;

  @BeforeAll
  static void quietLogs() {
    dev.polystore.samples.SamplesApp.prepareJvm();
  }

  @Test
  void agreeingBackendsGiveExitZeroAndACompleteReport() throws Exception {
    Path report = folder.resolve("report");
    Run run = run(UnaryOperator.identity(), "--only", EMBEDDED, "--out", report.toString(), "--check-report");

    assertEquals(0, run.status, run.output);
    assertTrue(run.output.contains("Agreement: every backend gave the same answers"), run.output);
    assertTrue(run.output.contains("SQLite memory") && run.output.contains("DynamoDB Local"), run.output);
    assertTrue(run.output.contains("post.search") && run.output.contains("refused"), run.output);

    assertTrue(Files.isRegularFile(report.resolve("index.html")));
    JsonObject json = JsonParser.parseString(Files.readString(report.resolve("results.json"))).getAsJsonObject();
    assertTrue(json.get("agreed").getAsBoolean());
    assertEquals(2, json.getAsJsonArray("backends").size());
    List<Path> pngs;
    try (Stream<Path> files = Files.list(report)) {
      pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
    }
    assertEquals(10, pngs.size(), pngs.toString());
    for (Path png : pngs) {
      BufferedImage image = ImageIO.read(png.toFile());
      assertNotNull(image, png + " is not an image");
      assertTrue(image.getWidth() > 500 && image.getHeight() > 300, png.toString());
      assertTrue(Files.isRegularFile(Path.of(png.toString().replace(".png", ".svg"))), png + " has no SVG");
    }
  }

  @Test
  void aBackendThatMiscountsFailsTheRunWithADiff() {
    UnaryOperator<dev.polystore.samples.backends.Backend> miscountOnSqlite = backend ->
        backend.kind() == BackendKind.SQLITE_MEMORY ? backend.withUsers(MiscountingUserStore::new) : backend;
    Run run = run(miscountOnSqlite, "--only", EMBEDDED, "--out", folder.resolve("report").toString());

    assertEquals(CompareCommand.DISAGREED, run.status, run.output);
    assertTrue(run.output.contains("DISAGREEMENT"), run.output);
    assertTrue(run.output.contains("user.count: DynamoDB Local differs from SQLite memory"), run.output);
    // the count of all users after the changes: 30 users, 2 deleted, one too many on SQLite
    assertTrue(run.output.contains("- 29") && run.output.contains("+ 28"), run.output);
    assertTrue(!run.output.contains("user.find.ageRange:"), "only the counts differ: " + run.output);
  }

  @Test
  void aServerThatCannotBeReachedIsReportedWithoutAStackTrace() {
    Run run = run(UnaryOperator.identity(), "--only", "sqlite-memory,postgres",
        "--postgres", "jdbc:postgresql://127.0.0.1:1/none?user=nobody&connectTimeout=2",
        "--out", folder.resolve("report").toString());

    assertEquals(CompareCommand.BACKEND_UNAVAILABLE, run.status, run.output);
    assertTrue(run.output.contains("PostgreSQL (--postgres) cannot be used"), run.output);
    assertTrue(!run.output.contains("\tat "), run.output);
  }

  private record Run(int status, String output) {
  }

  private static Run run(UnaryOperator<dev.polystore.samples.backends.Backend> decorator, String... extra) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String[] args = Stream.concat(Stream.of(TINY), Stream.of(extra)).toArray(String[]::new);
    CommandLine commandLine = new CommandLine(new CompareCommand(decorator, out));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(out, true));
    int status = commandLine.execute(args);
    return new Run(status, bytes.toString(StandardCharsets.UTF_8));
  }
}
