package dev.polystore.influxdb;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import dev.polystore.tck.RequestCosts;
import dev.polystore.tck.RequestCounter;
import dev.polystore.tck.ServerBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The event-store contract on InfluxDB 2.7 (a container where Docker answers): each test in a bucket of its own,
 * read through the v1 API's virtual DBRP mapping and written through {@code /api/v2/write}.
 */
class Influx2EventStoreTest extends EventStoreContract {

  private final RequestCounter counter = new RequestCounter();

  @Override
  protected RequestCounter requestCounter() {
    return counter;
  }

  @Override
  protected RequestCosts requestCosts() {
    return CountedInflux.COSTS;
  }

  private static final List<Runnable> CLEANUP = new ArrayList<>();

  @Override
  protected EventStore openEmptyStore() {
    ServerBackend server = Influx2TestServer.resolve();
    String url = TestDatabases.httpUrl(server);
    String bucket = "polystore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    InfluxDBClient admin = InfluxDBClientFactory.create(url, Influx2TestServer.TOKEN.toCharArray());
    String orgId = admin.getOrganizationsApi().findOrganizations().stream()
        .filter(o -> o.getName().equals(Influx2TestServer.ORG)).findFirst().orElseThrow().getId();
    Bucket created = admin.getBucketsApi().createBucket(bucket, orgId);
    CLEANUP.add(() -> {
      admin.getBucketsApi().deleteBucket(created);
      admin.close();
    });
    config = StoreConfig.builder(server.jdbcUrl()).property("database", bucket).property("flush.interval", "50ms")
        .build();
    return CountedInflux.open(config, counter);
  }

  /** The config of the test's bucket. */
  private StoreConfig config;

  @Override
  protected EventStore openStoreWith(Map<String, String> options) {
    return Stores.openEventStore(StoreConfig.builder(config.url()).properties(config.properties()).properties(options)
        .build());
  }

  @Override
  protected String variant() {
    return "2.x";
  }

  @AfterAll
  static void dropBuckets() {
    CLEANUP.forEach(Runnable::run);
    CLEANUP.clear();
  }
}
