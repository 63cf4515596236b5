package dev.polystore.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every example program on every backend it supports, each run on a fresh store, and checks what the program
 * printed: the lines a reader of the example relies on, in full.
 */
class ExamplesTest {

  static String[] userBackends() {
    return FreshStore.USER_BACKENDS;
  }

  static String[] eventBackends() {
    return FreshStore.EVENT_BACKENDS;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void usersWithPostsLoadsTheOlderUsersWithTheirPosts(String backend) throws Exception {
    List<String> lines = run(backend, UsersWithPosts::run);

    int heading = lines.indexOf("Users with age >= 30, with their posts:");
    assertTrue(heading >= 0, () -> "no heading in " + lines);
    assertEquals(List.of("  Alice (30): Hello world, Relationships", "  Charlie (35): Thirty-five"),
        lines.subList(heading + 1, lines.size()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void usersWithPostsRunsAgainOnTheSameStoreWithTheSameResults(String backend) throws Exception {
    try (FreshStore store = FreshStore.of(backend)) {
      List<String> first = output(out -> UsersWithPosts.run(store.config(), out));
      List<String> second = output(out -> UsersWithPosts.run(store.config(), out));
      assertEquals(first, second);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void filtersAndSortingFindWhatEachFilterSays(String backend) throws Exception {
    List<String> lines = run(backend, FiltersAndSorting::run);

    assertContainsAll(lines,
        "username = bob: bob",
        "age between 25 and 32: alice, bob",
        "username in (alice, charlie): alice, charlie",
        "age is missing: diana",
        "email starts with 'char': charlie",
        "age >= 30 or no age: alice, charlie, diana",
        "full name contains 'Smith': alice",
        "email ends with '@example.org': diana",
        "full name contains 'BROWN', ignoring case: charlie",
        "username = 'ALICE', ignoring case: alice",
        "All, oldest first (no age last): charlie, alice, bob, diana",
        "All, by full name: alice, bob, charlie, diana",
        "Count of users aged 30 or more: 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void paginationWalksCursorPagesWithTotalsAndJumpsByOffset(String backend) throws Exception {
    List<String> lines = run(backend, Pagination::run);

    assertContainsAll(lines,
        "Cursor page 1: reader1, reader2, reader3 (total 7, more follow)",
        "Cursor page 2: reader4, reader5, reader6 (total 7, more follow)",
        "Cursor page 3: reader7 (total 7, last page)",
        "Offset page 2 (skip 3, take 3): reader4, reader5, reader6 (total 7, more follow)");
    assertFalse(lines.stream().anyMatch(line -> line.startsWith("Cursor page 4")), () -> String.join("\n", lines));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void tagsListPostsByTagWithAllTheirTags(String backend) throws Exception {
    List<String> lines = run(backend, Tags::run);

    assertContainsAll(lines,
        "Posts tagged 'tips': Java records [java, tips], Indexes [sql, tips], One table [nosql, tips]",
        "Posts tagged 'java': Java records [java, tips]",
        "Removed 'tips' from \"Indexes\"; its tags now: [sql]",
        "Posts tagged 'tips': Java records [java, tips], One table [nosql, tips]");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void transactionsKeepAllOrNothingAndSavepointsWhereDeclared(String backend) throws Exception {
    List<String> lines = run(backend, Transactions::run);

    assertContainsAll(lines,
        "1. committed: alice exists, bob exists",
        "2. rolled back (changed my mind): charlie does not exist",
        "3. rolled back (duplicate username): dave does not exist");
    if (backend.equals("dynamodb")) {
      assertContainsAll(lines,
          "4. DynamoDB does not declare SAVEPOINTS; a nested inTransaction is refused:",
          "   frank does not exist");
      assertTrue(lines.stream().anyMatch(line -> line.startsWith("   UnsupportedCapabilityException: ")
          && line.contains("SAVEPOINTS")), () -> String.join("\n", lines));
    } else {
      assertContainsAll(lines,
          "4. savepoint rolled back (undo frank only)",
          "4. after the outer commit: erin exists, frank does not exist");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void nativeSqlReportRunsItsDaoInTheStoresTransaction(String backend) throws Exception {
    List<String> lines = run(backend, NativeSqlReport::run);

    if (backend.equals("dynamodb")) {
      assertStartsWithAll(lines, "No SQL here: the DynamoDB user store of table ");
      assertTrue(lines.stream().anyMatch(line -> line.contains("org.jdbi.v3.core.Jdbi")
          && line.contains("DynamoDbClient")), () -> String.join("\n", lines));
      return;
    }
    assertTrue(lines.stream().anyMatch(line -> line.matches("Schema version [23] \\(the report reads the tables of"
        + " version 1\\)")), () -> String.join("\n", lines));
    int heading = lines.indexOf("Posts per tag, in the transaction that adds Diana's post:");
    assertTrue(heading >= 0, () -> String.join("\n", lines));
    assertEquals(List.of(
        "  intro: 3 posts by 3 authors",
        "  travel: 3 posts by 2 authors",
        "  java: 1 posts by 1 authors",
        "Committed: diana exists, 3 report rows saved",
        "Rolled back (changed my mind): erin does not exist, 3 report rows saved"),
        lines.subList(heading + 1, lines.size()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void nativeSqlReportRunsAgainOnTheSameStoreWithTheSameResults(String backend) throws Exception {
    try (FreshStore store = FreshStore.of(backend)) {
      List<String> first = output(out -> NativeSqlReport.run(store.config(), out));
      List<String> second = output(out -> NativeSqlReport.run(store.config(), out));
      assertEquals(first, second);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void errorHandlingCatchesEachExpectedError(String backend) throws Exception {
    List<String> lines = run(backend, ErrorHandling::run);

    assertStartsWithAll(lines,
        "Duplicate username: ",
        "Duplicate email: ",
        "Stale update refused (ConcurrentUpdateException): ",
        "Post for an unknown author (EntityNotFoundException): ",
        "User store on InfluxDB refused (USER_STORE): ");
    assertContainsAll(lines,
        "Updated alice's age to 31: version 1 -> 2",
        "Alice's age stays 31",
        "Look-up of 'nobody': empty");
    if (backend.equals("dynamodb")) {
      assertStartsWithAll(lines, "Full-text search refused (FULL_TEXT): ");
    } else {
      assertTrue(lines.stream().anyMatch(line -> line.contains(" declares FULL_TEXT: a search ran (0 posts)")),
          () -> String.join("\n", lines));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aggregatesComputeStatsCountsAndTopAuthors(String backend) throws Exception {
    List<String> lines = run(backend, Aggregates::run);

    assertContainsAll(lines,
        "Age statistics: 3 users with an age, mean 30.0, youngest 25, oldest 35",
        "Users by 'active': {false=1, true=3}",
        "  alice: 3 posts",
        "  charlie: 2 posts");
    assertFalse(lines.contains("  bob: 1 posts"), () -> String.join("\n", lines));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void dynamoTutorialFindsByEmailAndByTagWithoutScanning(String backend) throws Exception {
    List<String> lines = run(backend, DynamoTutorial::run);

    assertContainsAll(lines,
        "User Alice saved successfully!",
        "Retrieved user: Alice, age: 30",
        "Users who wrote about travel (by the tag's index, no scan): [alice, charlie]");
    if (backend.equals("dynamodb")) {
      assertContainsAll(lines, "Opened DynamoDB with scan.policy=FORBID");
      assertStartsWithAll(lines, "Users aged 30 or more would need a scan, refused: ");
    } else {
      assertTrue(lines.stream().anyMatch(line -> line.startsWith("Users aged 30 or more (")
          && line.endsWith("has no scan policy): alice, charlie")), () -> String.join("\n", lines));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventBackends")
  void influxTutorialWritesQueriesAWindowAndAggregates(String backend) throws Exception {
    List<String> lines = run(backend, InfluxTutorial::run);

    int oslo = lines.indexOf("Oslo from 00:00 to 00:03:");
    assertTrue(oslo >= 0, () -> String.join("\n", lines));
    assertEquals(List.of(
        "  2024-01-01T00:00:00Z 1.0 °C",
        "  2024-01-01T00:01:00Z 2.0 °C",
        "  2024-01-01T00:02:00Z 3.0 °C"), lines.subList(oslo + 1, oslo + 4));
    int means = lines.indexOf("Mean per 5 minutes and location:");
    assertTrue(means >= 0, () -> String.join("\n", lines));
    assertEquals(List.of(
        "  2024-01-01T00:00:00Z oslo: 3.0 °C over 5 points",
        "  2024-01-01T00:00:00Z prague: 13.0 °C over 5 points",
        "  2024-01-01T00:05:00Z oslo: 6.0 °C over 1 points",
        "  2024-01-01T00:05:00Z prague: 16.0 °C over 1 points",
        "Warmest of the hour: 16.0 °C"), lines.subList(means + 1, means + 6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventBackends")
  void influxTutorialRunsAgainOnTheSameStoreWithTheSameResults(String backend) throws Exception {
    try (FreshStore store = FreshStore.of(backend)) {
      List<String> first = output(out -> InfluxTutorial.run(store.config(), out));
      List<String> second = output(out -> InfluxTutorial.run(store.config(), out));
      assertEquals(withoutRemovals(first), withoutRemovals(second));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void configurationFromEnvironmentReadsTheUrlAndOptionsAndMasksSecrets(String backend) throws Exception {
    String secret = "example-cursor-secret-0123456789";
    try (FreshStore store = FreshStore.of(backend)) {
      StoreConfig config = store.config();
      System.setProperty("polystore.users.url", config.url());
      config.properties().forEach((key, value) -> System.setProperty("polystore.users." + key, value));
      System.setProperty("polystore.users.cursor.secret", secret);
      List<String> lines;
      try {
        lines = output(ConfigurationFromEnvironment::run);
      } finally {
        System.clearProperty("polystore.users.url");
        config.properties().keySet().forEach(key -> System.clearProperty("polystore.users." + key));
        System.clearProperty("polystore.users.cursor.secret");
      }

      List<String> printed = lines;
      assertTrue(printed.stream().anyMatch(line -> line.startsWith("From the environment: ")
          && line.contains("cursor.secret=****")), () -> String.join("\n", printed));
      assertFalse(String.join("\n", printed).contains(secret), "the secret was printed");
      assertContainsAll(printed, "Users aged 30 or more: alice");
      assertTrue(printed.stream().anyMatch(line -> line.startsWith("A misspelt option is refused: ")
          && line.contains("pool.max.sise")), () -> String.join("\n", printed));
    }
  }

  // ---- support ------------------------------------------------------------------------------------

  /** What an example does with a store and an output. */
  private interface Example {
    void run(StoreConfig config, PrintStream out);
  }

  /** What a program prints. */
  private interface Printing {
    void run(PrintStream out);
  }

  /** Runs the example on a fresh store of the backend and returns the lines it printed. */
  private static List<String> run(String backend, Example example) throws Exception {
    try (FreshStore store = FreshStore.of(backend)) {
      return output(out -> example.run(store.config(), out));
    }
  }

  private static List<String> output(Printing program) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      program.run(out);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(text); // in the test report, for whoever reads it
    return text.lines().toList();
  }

  private static List<String> withoutRemovals(List<String> lines) {
    return lines.stream().filter(line -> !line.startsWith("Removed ")).toList();
  }

  private static void assertContainsAll(List<String> lines, String... expected) {
    for (String line : expected) {
      assertTrue(lines.contains(line), () -> "missing line\n  " + line + "\nin\n" + String.join("\n", lines));
    }
  }

  private static void assertStartsWithAll(List<String> lines, String... prefixes) {
    for (String prefix : prefixes) {
      assertTrue(lines.stream().anyMatch(line -> line.startsWith(prefix)),
          () -> "no line starting with\n  " + prefix + "\nin\n" + String.join("\n", lines));
    }
  }
}
