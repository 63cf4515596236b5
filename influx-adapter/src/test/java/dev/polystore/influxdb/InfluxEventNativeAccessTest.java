package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.query.InfluxQLQueryResult;
import dev.polystore.EventStore;
import dev.polystore.tck.EventNativeAccessContract;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Event native access on an InfluxDB 1.x server ({@code POLYSTORE_TEST_INFLUXDB_URL}), each test in a database of its
 * own: InfluxQL through the store's own {@link InfluxDBClient}, on the database and measurement
 * {@link InfluxDatabaseRef} names.
 */
class InfluxEventNativeAccessTest extends EventNativeAccessContract {

  private static final TestDatabases DATABASES = new TestDatabases("polystore_native");

  @Override
  protected EventStore openEmptyStore() {
    return DATABASES.openEmpty(InfluxTestServer.resolve(), Map.of("flush.interval", "50ms"));
  }

  @AfterAll
  static void dropDatabases() {
    DATABASES.dropAll();
  }

  @Override
  protected String variant() {
    return "1.x";
  }

  @Override
  protected Set<Class<?>> storeTypes() {
    return Set.of(InfluxDBClient.class, InfluxDatabaseRef.class);
  }

  @Override
  protected List<Long> nativeFieldValues(EventStore store, String series, String host, String field) {
    InfluxDatabaseRef ref = store.unwrapOrThrow(InfluxDatabaseRef.class);
    String select = "SELECT " + InfluxDatabaseRef.quote(field) + " FROM " + ref.influxQlMeasurement(series)
        + " WHERE \"host\" = '" + host + "'";
    InfluxQLQueryResult result = store.unwrapOrThrow(InfluxDBClient.class).getInfluxQLQueryApi()
        .query(new InfluxQLQuery(select, ref.database(), InfluxQLQuery.AcceptHeader.JSON));
    List<Long> values = new ArrayList<>();
    for (InfluxQLQueryResult.Result r : result.getResults()) {
      for (InfluxQLQueryResult.Series s : r.getSeries()) {
        for (InfluxQLQueryResult.Series.Record record : s.getValues()) {
          values.add(Long.parseLong(String.valueOf(record.getValueByKey(field))));
        }
      }
    }
    return values;
  }

  @Test
  void theDatabaseRefSaysWhereAndHowTheEventsAreKept() {
    InfluxDatabaseRef ref = store().unwrapOrThrow(InfluxDatabaseRef.class);
    assertAll(
        () -> assertEquals(DATABASES.current(), ref.database()),
        () -> assertEquals(1, ref.generation()),
        () -> assertEquals(Optional.empty(), ref.retentionPolicy()),
        () -> assertEquals("cpu.load", ref.measurement("cpu.load"), "a series is its measurement, verbatim"),
        () -> assertEquals("\"cpu.load\"", ref.influxQlMeasurement("cpu.load")),
        () -> assertEquals(DATABASES.current() + "/", ref.fluxBucket(), "1.x: database/default policy"),
        () -> assertEquals(ChronoUnit.NANOS, ref.timePrecision()),
        () -> assertEquals(Optional.empty(), ref.duplicatesTag(), "1.x keeps no extra tag"));
  }

  @Test
  void aNativeQueryReadsTheStoresNanosecondTimesAsTheyWere() {
    Instant time = Instant.parse("2024-03-01T00:00:00.123456789Z");
    store().append(dev.polystore.event.Event.builder("ticks").time(time).field("n", 1L).build());
    store().flush();
    InfluxDatabaseRef ref = store().unwrapOrThrow(InfluxDatabaseRef.class);
    InfluxQLQueryResult result = store().unwrapOrThrow(InfluxDBClient.class).getInfluxQLQueryApi()
        .query(new InfluxQLQuery("SELECT \"n\" FROM " + ref.influxQlMeasurement("ticks"), ref.database(),
            InfluxQLQuery.AcceptHeader.JSON).setPrecision(InfluxQLQuery.InfluxQLPrecision.NANOSECONDS));
    Object stored = result.getResults().get(0).getSeries().get(0).getValues().get(0).getValueByKey("time");
    assertEquals(time.getEpochSecond() * 1_000_000_000L + time.getNano(), Long.parseLong(String.valueOf(stored)));
  }
}
