package dev.polystore.influxdb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.influxdb.internal.QueryRows.Row;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replies as InfluxDB 1.6.7 sends them (copied from its answers to chunked queries): rows of every chunk in order,
 * numbers as their exact text, nulls, group tags, and a statement error that arrives with HTTP 200 in a later chunk.
 */
class QueryRowsTest {

  @Test
  void rowsOfEveryChunkInOrderWithExactNumbersAndNulls() {
    String reply = """
        {"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","f","i","t"],"values":[[1,1.7e+300,9223372036854775807,"a"],[2,2,null,null]],"partial":true}],"partial":true}]}
        {"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","f","i","t"],"values":[[3,-0,-5,"x\\ny"]]}]}]}
        """;
    QueryRows rows = new QueryRows(new StringReader(reply), "SELECT * FROM m");
    assertArrayEquals(new String[] {"1", "1.7e+300", "9223372036854775807", "a"}, rows.next().values());
    Row second = rows.next();
    assertEquals("2", second.value("f"));
    assertNull(second.value("i"));
    assertArrayEquals(new String[] {"3", "-0", "-5", "x\ny"}, rows.next().values());
    assertNull(rows.next());
    assertNull(rows.next(), "the end stays the end");
  }

  @Test
  void groupTagsComeWithTheirRows() {
    String reply = "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\",\"tags\":{\"host\":\"\"},"
        + "\"columns\":[\"time\",\"count\"],\"values\":[[0,1]]},{\"name\":\"m\",\"tags\":{\"host\":\"b\"},"
        + "\"columns\":[\"time\",\"count\"],\"values\":[[0,2]]}]}]}";
    QueryRows rows = new QueryRows(new StringReader(reply), "q");
    assertEquals(Map.of("host", ""), rows.next().tags());
    Row b = rows.next();
    assertEquals(Map.of("host", "b"), b.tags());
    assertEquals("2", b.value("count"));
  }

  @Test
  void aStatementErrorInALaterChunkIsThrown() {
    String reply = """
        {"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","v"],"values":[[1,1]],"partial":true}],"partial":true}]}
        {"results":[{"statement_id":0,"error":"unsupported sum iterator type: *query.stringInterruptIterator"}]}
        """;
    QueryRows rows = new QueryRows(new StringReader(reply), "SELECT sum(v) FROM m");
    rows.next();
    InvalidQueryException e = assertThrows(InvalidQueryException.class, rows::next);
    assertTrue(e.getMessage().contains("unsupported sum iterator type"), e.getMessage());
  }

  @Test
  void aReplyCutShortIsUnavailableNotTheEnd() {
    QueryRows rows = new QueryRows(new StringReader("{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"m\","
        + "\"columns\":[\"time\",\"v\"],\"values\":[[1,1],[2,"), "q");
    rows.next();
    assertThrows(StoreUnavailableException.class, rows::next);
  }
}
