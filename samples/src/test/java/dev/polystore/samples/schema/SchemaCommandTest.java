package dev.polystore.samples.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoStores;
import dev.polystore.samples.SamplesApp;
import dev.polystore.samples.backends.EmbeddedDynamo;
import dev.polystore.samples.backends.InstrumentedClients;
import dev.polystore.samples.backends.RequestCounter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code schema} on a SQLite file, run in-process. */
class SchemaCommandTest {

  @TempDir
  Path folder;

  @Test
  void listsTheMigrationsAsPendingThenAppliesAndValidatesThem() {
    String url = "jdbc:sqlite:" + folder.resolve("schema.db");

    Result before = run("schema", "--url", url);
    assertEquals(0, before.status, before.output);
    assertTrue(Pattern.compile("1\\s+users posts tags\\s+Pending").matcher(before.output).find(), before.output);
    assertTrue(before.output.contains("2 pending: apply them with --migrate"), before.output);

    Result migrated = run("schema", "--url", url, "--migrate", "--validate");
    assertEquals(0, migrated.status, migrated.output);
    assertTrue(migrated.output.contains("Applied 2 migration(s)"), migrated.output);
    assertTrue(Pattern.compile("1\\s+users posts tags\\s+Success").matcher(migrated.output).find(), migrated.output);
    assertTrue(Pattern.compile("2\\s+events\\s+Success").matcher(migrated.output).find(), migrated.output);
    assertTrue(migrated.output.contains("Nothing pending."), migrated.output);
    assertTrue(migrated.output.contains("Valid: the applied migrations match"), migrated.output);
  }

  @Test
  void aDowngradeIsRefusedWithWhatToDoInstead() {
    Result result = run("schema", "--url", "jdbc:sqlite:" + folder.resolve("schema.db"), "--downgrade", "1");
    assertEquals(1, result.status, result.output);
    assertTrue(result.output.contains("Write a new forward migration"), result.output);
  }

  @Test
  void showsTheDynamoDbTableAStoreCreated() {
    try (EmbeddedDynamo dynamo = EmbeddedDynamo.start();
        DynamoDbClient client = InstrumentedClients.dynamo(dynamo.endpoint(), new RequestCounter("requests"))) {
      DynamoStores.openUserStore(client, DynamoStoreOptions.builder().tableName("schema-test").build()).close();

      Result result = run("schema", "--url", "dynamodb:?endpoint=" + dynamo.endpoint() + "&table=schema-test");
      assertEquals(0, result.status, result.output);
      assertTrue(result.output.contains("Table schema-test: ACTIVE"), result.output);
      assertTrue(Pattern.compile("index \\S+: ACTIVE, key ").matcher(result.output).find(), result.output);

      Result missing = run("schema", "--url", "dynamodb:?endpoint=" + dynamo.endpoint() + "&table=no-such-table");
      assertEquals(0, missing.status, missing.output);
      assertTrue(missing.output.contains("Table no-such-table does not exist"), missing.output);
    }
  }

  private record Result(int status, String output) {
  }

  private static Result run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int status = SamplesApp.commandLine().execute(args);
      return new Result(status, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }
}
