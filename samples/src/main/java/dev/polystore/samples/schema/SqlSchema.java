package dev.polystore.samples.schema;

import com.zaxxer.hikari.HikariDataSource;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.jdbi.JdbiStores;
import dev.polystore.samples.backends.JdbcPools;
import dev.polystore.samples.backends.SqlDialects;
import dev.polystore.samples.report.TextTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * The JDBI adapter's schema on a SQL database, through Flyway's API with the adapter's migrations
 * ({@code classpath:db/migration/<sqlite|postgresql|mysql>}, history in {@code polystore_schema_history}): lists
 * them with their state, applies pending ones (by opening a store, as an application does, so the adapter's own
 * settings apply), validates. Not thread-safe.
 */
final class SqlSchema implements AutoCloseable {

  private final String url;
  private final HikariDataSource pool;
  private final PrintStream out;

  SqlSchema(String url, PrintStream out) {
    this.url = url;
    this.pool = JdbcPools.open(url, 2);
    this.out = out;
  }

  private Flyway flyway() {
    return Flyway.configure(SqlSchema.class.getClassLoader())
        .dataSource(pool)
        .locations(SqlDialects.migrationLocation(url))
        .table(SqlDialects.HISTORY_TABLE)
        .baselineVersion("0")
        .load();
  }

  /** Prints every migration with its state. */
  void show() {
    out.println("Migrations (" + SqlDialects.migrationLocation(url) + ", history table " + SqlDialects.HISTORY_TABLE
        + "):");
    TextTable table = TextTable.leftAligned(List.of("version", "description", "state", "installed on"));
    int pending = 0;
    for (MigrationInfo info : flyway().info().all()) {
      table.row(List.of(info.getVersion() == null ? "" : info.getVersion().toString(), info.getDescription(),
          info.getState().getDisplayName(), info.getInstalledOn() == null ? "" : info.getInstalledOn().toString()));
      if (info.getState().name().equals("PENDING")) {
        pending++;
      }
    }
    out.print(table.render());
    out.println(pending == 0 ? "Nothing pending." : pending + " pending: apply them with --migrate.");
  }

  /** Applies pending migrations as the adapter does when a store opens. */
  void migrate() {
    int before = pendingCount();
    JdbiStores.openUserStore(pool, JdbiStoreOptions.builder().migrate(true).build()).close();
    out.println("Applied " + (before - pendingCount()) + " migration(s) (by opening a store, as an application"
        + " does: the adapter migrates with its own lock and session settings).");
  }

  /** Validates the applied migrations against the ones the adapter ships; returns whether they match. */
  boolean validate() {
    int pending = pendingCount();
    if (pending > 0) {
      out.println("Not valid: " + pending + " migration(s) not applied yet; apply them with --migrate.");
      return false;
    }
    ValidateResult result = flyway().validateWithResult();
    if (result.validationSuccessful) {
      out.println("Valid: the applied migrations match the adapter's (checksums, versions).");
      return true;
    }
    List<String> problems = new ArrayList<>();
    result.invalidMigrations.forEach(m -> problems.add(m.version + " " + m.description + ": "
        + m.errorDetails.errorMessage));
    out.println("Not valid: " + (problems.isEmpty() ? result.errorDetails == null ? "(no detail)"
        : result.errorDetails.errorMessage : ""));
    problems.forEach(p -> out.println("  " + p));
    return false;
  }

  private int pendingCount() {
    return flyway().info().pending().length;
  }

  @Override
  public void close() {
    pool.close();
  }
}
