package dev.polystore.jdbi.internal;

import dev.polystore.event.Aggregate;
import java.util.EnumMap;
import java.util.Map;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Internal: the statements of {@code EventStore.aggregate} in one dialect, one per function and grouping, built
 * once per store. Each returns one row per window number ({@code w}) and group ({@code g}, when grouped): how
 * many selected events have the field ({@code n}), how many of them hold text there ({@code strings}) and the
 * function's value over the others, numbers as they are and booleans as 1 and 0 ({@code agg}). Parameters:
 * {@code :fieldKey} and {@code :groupKey} ({@link EventSql#jsonKey}), the window's parameters
 * ({@link #bindWindow}), and those of the WHERE condition the statement is built around.
 *
 * <p>The field is read from each event's JSON once, the dearest step of an aggregate on every dialect:
 * <ul>
 *   <li><b>SQLite</b> and <b>PostgreSQL</b> extract it in a subquery the planner keeps as it is (SQLite
 *       {@code LIMIT -1}, PostgreSQL {@code OFFSET 0}: either would otherwise merge the subquery into the outer
 *       query and extract the field again for every place it is used). SQLite's {@code json_extract} already
 *       gives booleans as 1 and 0 and strings as text; PostgreSQL's {@code json} text of the value tells its type
 *       by its first character.</li>
 *   <li><b>MySQL</b> and <b>MariaDB</b> merge such a subquery too, and keep it apart only by writing it to a
 *       temporary table, which costs more than the extraction saved. There the statement groups by whether the
 *       value is text (one extraction) and aggregates the value as a number (a second one: both servers convert
 *       a JSON boolean to 1 or 0), and an outer query over those few groups adds them up per window.</li>
 * </ul>
 *
 * <p>Thread-safe (immutable).
 */
final class EventAggregateSql {

  /**
   * Any window at least this long numbers the times MySQL and MariaDB store as a window this long does (-1 before
   * the epoch, 0 after it), and keeps {@code micros + shift} within a BIGINT.
   */
  private static final long WIDEST_SHIFTED_WINDOW = 1L << 62;

  private final SqlDialect dialect;
  private final EventSql eventSql;
  private final Map<Aggregate, Statement> plain = new EnumMap<>(Aggregate.class);
  private final Map<Aggregate, Statement> grouped = new EnumMap<>(Aggregate.class);
  /** MySQL/MariaDB: the earliest time they store (the year 1000), in microseconds. */
  private final long minMicros;

  EventAggregateSql(SqlDialect dialect) {
    this.dialect = dialect;
    this.eventSql = new EventSql(dialect);
    this.minMicros = dialect.speaksMysql() ? Micros.toMicros(eventSql.timeMin()) : 0;
    for (Aggregate fn : Aggregate.values()) {
      plain.put(fn, statement(fn, false));
      grouped.put(fn, statement(fn, true));
    }
  }

  /** The statement of {@code fn}, grouped by a tag or not, around the WHERE condition {@code where}. */
  String sql(Aggregate fn, boolean groupedByTag, String where) {
    return (groupedByTag ? grouped : plain).get(fn).around(where);
  }

  /**
   * Binds the window of {@code windowMicros} microseconds: {@code :window}, and on MySQL/MariaDB the shift that
   * makes every stored time's microseconds positive ({@code :shift}, a whole number of windows,
   * {@code :shiftWindows} of them), so that integer division numbers the windows with one division and one
   * reading of the time.
   */
  void bindWindow(SqlStatement<?> statement, long windowMicros) {
    if (!dialect.speaksMysql()) {
      statement.bind("window", windowMicros);
      return;
    }
    long window = Math.min(windowMicros, WIDEST_SHIFTED_WINDOW);
    long shiftWindows = -Math.floorDiv(minMicros, window);
    statement.bind("window", window);
    statement.bind("shift", shiftWindows * window);
    statement.bind("shiftWindows", shiftWindows);
  }

  private Statement statement(Aggregate fn, boolean groupedByTag) {
    return dialect.speaksMysql() ? mysql(fn, groupedByTag) : fenced(fn, groupedByTag);
  }

  /** SQLite and PostgreSQL: the field extracted once per event in a subquery the planner does not merge. */
  private Statement fenced(Aggregate fn, boolean groupedByTag) {
    boolean sqlite = dialect == SqlDialect.SQLITE;
    String field = sqlite ? "json_extract(fields, :fieldKey)" : "CAST(fields -> :fieldKey AS text)";
    String fence = sqlite ? " LIMIT -1" : " OFFSET 0";
    String strings = sqlite ? "SUM(typeof(f) = 'text')" : "COUNT(*) FILTER (WHERE ascii(f) = 34)";
    // PostgreSQL: the JSON text of a string starts with '"' (34), of true with 't' (116), of false with 'f'.
    String number = sqlite ? "f"
        : "CASE ascii(f) WHEN 34 THEN NULL WHEN 116 THEN CAST(1 AS double precision)"
            + " WHEN 102 THEN CAST(0 AS double precision) ELSE CAST(f AS double precision) END";
    String value = switch (fn) {
      case COUNT -> "COUNT(*)";
      case SUM -> sqlite ? "TOTAL(f)" : "SUM(" + number + ")";
      case MEAN -> "AVG(" + number + ")";
      case MIN -> "MIN(" + number + ")";
      case MAX -> "MAX(" + number + ")";
    };
    String group = groupedByTag ? "g, " : "";
    return new Statement("SELECT CASE WHEN m < 0 THEN (m + 1) / :window - 1 ELSE m / :window END AS w, " + group
        + "COUNT(*) AS n, " + strings + " AS strings, " + value + " AS agg FROM ("
        + "SELECT " + eventSql.micros() + " AS m, "
        + (groupedByTag ? eventSql.tagValue("groupKey") + " AS g, " : "")
        + field + " AS f FROM events WHERE ",
        fence + ") e WHERE f IS NOT NULL GROUP BY w" + (groupedByTag ? ", g" : ""));
  }

  /**
   * MySQL and MariaDB: groups by window, tag and whether the field holds text ({@code t}: NULL when the event has
   * no such field), then adds those groups up per window and tag.
   */
  private Statement mysql(Aggregate fn, boolean groupedByTag) {
    String number = "JSON_EXTRACT(fields, :fieldKey) + 0e0";
    String value = switch (fn) {
      case COUNT -> "COUNT(*)";
      case SUM -> "SUM(" + number + ")";
      case MEAN -> "AVG(" + number + ")";
      case MIN -> "MIN(" + number + ")";
      case MAX -> "MAX(" + number + ")";
    };
    String group = groupedByTag ? "g, " : "";
    return new Statement("SELECT w, " + group + "SUM(c) AS n, SUM(CASE WHEN t = 1 THEN c ELSE 0 END) AS strings,"
        + " MAX(CASE WHEN t = 0 THEN a END) AS agg FROM ("
        + "SELECT (" + eventSql.micros() + " + :shift) DIV :window - :shiftWindows AS w, "
        + (groupedByTag ? eventSql.tagValue("groupKey") + " AS g, " : "")
        + "ASCII(JSON_EXTRACT(fields, :fieldKey)) = 34 AS t, COUNT(*) AS c, " + value + " AS a"
        + " FROM events WHERE ",
        " GROUP BY w, " + group + "t) x WHERE t IS NOT NULL GROUP BY w" + (groupedByTag ? ", g" : ""));
  }

  /** A statement around its WHERE condition. */
  private record Statement(String beforeWhere, String afterWhere) {
    String around(String where) {
      return beforeWhere + where + afterWhere;
    }
  }
}
