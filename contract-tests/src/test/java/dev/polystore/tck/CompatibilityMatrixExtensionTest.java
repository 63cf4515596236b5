package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.UnsupportedCapabilityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class CompatibilityMatrixExtensionTest {

  @TempDir
  Path dir;

  static final AtomicInteger POSITIVE_RUNS = new AtomicInteger();

  /** Declares SAVEPOINTS only; one test per outcome. Run through the engine test kit, never directly. */
  static class OutcomesContract extends StoreContract<SampleStore> {
    OutcomesContract() {
      super("sample", SampleStore::capabilities);
    }

    @Override
    protected SampleStore openEmptyStore() {
      return new SampleStore(Capabilities.of("Sample Backend", ChronoUnit.MICROS, Capability.SAVEPOINTS));
    }

    @Override
    protected RequestCounter requestCounter() {
      return new RequestCounter();
    }

    @Override
    protected String variant() {
      return "v1";
    }

    @Test
    void passes() {
      assertTrue(store != null);
    }

    @Test
    void positiveWhenDeclared() throws Throwable {
      requires(Capability.SAVEPOINTS, POSITIVE_RUNS::incrementAndGet, () -> {
        throw new AssertionError("the probe must not run when the capability is declared");
      });
    }

    @Test
    void negativeWhenMissing() throws Throwable {
      requires(Capability.TRANSACTIONS, () -> {
        throw new AssertionError("the positive part must not run when the capability is missing");
      }, () -> {
        throw new UnsupportedCapabilityException(Capability.TRANSACTIONS, "Sample Backend");
      });
    }

    @Test
    void failsWhenProbeNamesAnotherCapability() throws Throwable {
      requires(Capability.TRANSACTIONS, () -> { }, () -> {
        throw new UnsupportedCapabilityException(Capability.FULL_TEXT, "Sample Backend");
      });
    }

    @Test
    void failsWhenProbeSucceeds() throws Throwable {
      requires(Capability.FULL_TEXT, () -> { }, () -> { });
    }

    @Test
    void positiveWhenDeclaredOrRefused() throws Throwable {
      Optional<InvalidQueryException> refused = requiresOrRefuses(Capability.SAVEPOINTS,
          POSITIVE_RUNS::incrementAndGet, InvalidQueryException.class, () -> {
            throw new AssertionError("the probe must not run when the capability is declared");
          });
      assertTrue(refused.isEmpty(), "nothing was refused");
    }

    @Test
    void negativeWhenTheDataIsRefused() throws Throwable {
      InvalidQueryException refused = requiresOrRefuses(Capability.TRANSACTIONS, () -> {
        throw new AssertionError("the positive part must not run when the capability is missing");
      }, InvalidQueryException.class, () -> {
        throw new InvalidQueryException("field note of series jobs holds Long, not String");
      }).orElseThrow();
      assertTrue(refused.getMessage().contains("note"), "the refusal is handed back: " + refused.getMessage());
    }

    @Test
    void failsWhenTheRefusalIsOfAnotherType() throws Throwable {
      requiresOrRefuses(Capability.TRANSACTIONS, () -> { }, InvalidQueryException.class, () -> {
        throw new StoreUnavailableException("down", null);
      });
    }

    @Test
    void failsWhenTheDataIsNotRefused() throws Throwable {
      requiresOrRefuses(Capability.FULL_TEXT, () -> { }, InvalidQueryException.class, () -> { });
    }

    @Test
    @Disabled("for the matrix")
    void disabled() {
    }

    @Test
    void aborted() {
      Assumptions.abort("no server | here");
    }
  }

  /** Same backend and variant as {@link OutcomesContract}: must not overwrite its files. */
  static class SameNameContract extends StoreContract<SampleStore> {
    SameNameContract() {
      super("sample", SampleStore::capabilities);
    }

    @Override
    protected SampleStore openEmptyStore() {
      return new SampleStore(Capabilities.of("Sample Backend", ChronoUnit.MICROS));
    }

    @Override
    protected RequestCounter requestCounter() {
      return new RequestCounter();
    }

    @Override
    protected String variant() {
      return "v1";
    }

    @Test
    void passes() {
    }
  }

  /** A contract whose store never opens, as when a server is missing. */
  static class NoServerContract extends StoreContract<SampleStore> {
    NoServerContract() {
      super("sample", SampleStore::capabilities);
    }

    @Override
    protected SampleStore openEmptyStore() {
      Assumptions.abort("set POLYSTORE_TEST_SAMPLE_URL");
      return null;
    }

    @Override
    protected RequestCounter requestCounter() {
      return new RequestCounter();
    }

    @Test
    void first() {
    }

    @Test
    void second() {
    }
  }

  private Events run(Class<?>... classes) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(CompatibilityMatrixExtension.DIRECTORY_PROPERTY, dir.toString())
        .selectors(Stream.of(classes).map(c -> selectClass(c)).toArray(org.junit.platform.engine.DiscoverySelector[]::new))
        .execute()
        .testEvents();
  }

  @Test
  void writesOneRowPerTestWithItsOutcome() throws IOException {
    POSITIVE_RUNS.set(0);
    Events stats = run(OutcomesContract.class);
    assertEquals((long) 5, stats.succeeded().count());
    assertEquals((long) 4, stats.failed().count());
    assertEquals((long) 1, stats.skipped().count());
    assertEquals((long) 1, stats.aborted().count());
    assertEquals(2, POSITIVE_RUNS.get(),
        "requires and requiresOrRefuses run the positive part when the capability is declared");

    String md = Files.readString(dir.resolve("sample-backend-v1-sample.md"));
    assertTrue(md.startsWith("# Sample Backend (v1) — sample contract"), md);
    assertTrue(md.contains("| passes | passed |  |"), md);
    assertTrue(md.contains("| positiveWhenDeclared | passed |  |"), md);
    assertTrue(md.contains("| negativeWhenMissing | negative | capability TRANSACTIONS |"), md);
    assertTrue(md.contains("| failsWhenProbeNamesAnotherCapability | failed | AssertionFailedError: "
        + "UnsupportedCapabilityException must name the missing capability"), md);
    assertTrue(md.contains("| failsWhenProbeSucceeds | failed | AssertionFailedError: "), md);
    assertTrue(md.contains("| positiveWhenDeclaredOrRefused | passed |  |"), md);
    assertTrue(md.contains("| negativeWhenTheDataIsRefused | negative | capability TRANSACTIONS |"), md);
    assertTrue(md.contains("| failsWhenTheRefusalIsOfAnotherType | failed | AssertionFailedError: Sample Backend "
        + "does not declare TRANSACTIONS, so it must refuse the data with InvalidQueryException"), md);
    assertTrue(md.contains("| failsWhenTheDataIsNotRefused | failed | AssertionFailedError: Sample Backend "
        + "does not declare FULL_TEXT"), md);
    assertTrue(md.contains("| disabled | skipped | disabled: for the matrix |"), md);
    assertTrue(md.contains("| aborted | skipped | aborted: TestAbortedException: "
        + "no server \\| here |"), md);
    assertTrue(md.contains("Totals: 11 tests, 3 passed, 2 negative, 4 failed, 2 skipped"), md);

    String json = Files.readString(dir.resolve("sample-backend-v1-sample.json"));
    assertTrue(json.contains("\"backend\": \"Sample Backend\""), json);
    assertTrue(json.contains("\"variant\": \"v1\""), json);
    assertTrue(json.contains("{\"test\": \"negativeWhenMissing\", \"outcome\": \"negative\", "
        + "\"detail\": \"capability TRANSACTIONS\"}"), json);
    assertTrue(json.contains("\"totals\": {\"tests\": 11, \"passed\": 3, \"negative\": 2, \"failed\": 4, "
        + "\"skipped\": 2}"), json);
  }

  @Test
  void classesWithTheSameBackendInOneJvmDoNotOverwriteEachOther() throws IOException {
    run(OutcomesContract.class, SameNameContract.class);
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList();
      assertEquals(2, names.size(), names.toString());
      assertTrue(names.stream().allMatch(n -> n.startsWith("sample-backend-v1-sample")), names.toString());
    }
  }

  @Test
  void aContractWhoseStoreNeverOpensListsEveryTestAsSkipped() throws IOException {
    run(NoServerContract.class);
    String md = Files.readString(dir.resolve("noservercontract-sample.md"));
    assertTrue(md.contains("| first | skipped | aborted: TestAbortedException: "
        + "set POLYSTORE_TEST_SAMPLE_URL |"), md);
    assertTrue(md.contains("Totals: 2 tests, 0 passed, 0 negative, 0 failed, 2 skipped"), md);
  }

  @Test
  void theStoreIsClosedAfterEachTest() {
    AtomicInteger closes = new AtomicInteger();
    ClosingContract.CLOSES = closes;
    run(ClosingContract.class);
    assertEquals(2, closes.get());
  }

  @Test
  void aFailureQuotingIllFormedTextIsWrittenWithAReplacement() throws IOException {
    Events stats = run(IllFormedMessageContract.class);
    assertEquals((long) 1, stats.failed().count());
    String md = Files.readString(dir.resolve("ill-formed-sample.md"));
    assertTrue(md.contains("| quotesALoneSurrogate | failed | AssertionFailedError: stored as lone?high"), md);
  }

  /** One test failing with a message that holds an unpaired surrogate, as a store's error may. */
  static class IllFormedMessageContract extends StoreContract<SampleStore> {
    IllFormedMessageContract() {
      super("sample", SampleStore::capabilities);
    }

    @Override
    protected SampleStore openEmptyStore() {
      return new SampleStore(Capabilities.of("Ill Formed", ChronoUnit.MILLIS));
    }

    @Override
    protected RequestCounter requestCounter() {
      return new RequestCounter();
    }

    @Test
    void quotesALoneSurrogate() {
      org.junit.jupiter.api.Assertions.fail("stored as lone\uD800high");
    }
  }

  static class ClosingContract extends StoreContract<SampleStore> {
    static AtomicInteger CLOSES;

    ClosingContract() {
      super("sample", SampleStore::capabilities);
    }

    @Override
    protected SampleStore openEmptyStore() {
      return new SampleStore(Capabilities.of("Closing", ChronoUnit.MILLIS), CLOSES);
    }

    @Override
    protected RequestCounter requestCounter() {
      return new RequestCounter();
    }

    @Test
    void one() {
    }

    @Test
    void two() {
      throw new IllegalStateException("closed even when the test fails");
    }
  }

  @Test
  void fileNamesAreLowercaseSlugs() {
    assertEquals("sqlite-file-user-store", CompatibilityMatrixExtension.fileName("SQLite", "file", "user-store"));
    assertEquals("postgresql-user-store", CompatibilityMatrixExtension.fileName("PostgreSQL", "", "user-store"));
    assertEquals("mysql-mariadb-10.11-event-store",
        CompatibilityMatrixExtension.fileName("MySQL/MariaDB 10.11", null, "event-store"));
    assertFalse(CompatibilityMatrixExtension.fileName("../x", "", "c").contains("/"));
  }

  @Test
  void jsonStringsAreEscaped() {
    assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", CompatibilityMatrixExtension.quote("a\"b\\c\nd\u0001"));
  }
}
