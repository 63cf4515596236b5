package dev.polystore.influxdb;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import dev.polystore.Capability;
import dev.polystore.influxdb.internal.InfluxEventStore;
import dev.polystore.spi.StoreProvider;
import dev.polystore.spi.support.UrlQuery;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * SPI: opens InfluxDB event stores for {@code influxdb:} URLs. Thread-safe and cheap to construct.
 *
 * <p>URL form: {@code influxdb:?url=<server>&key=value…} (values URL-encoded), for example
 * {@code influxdb:?url=http://127.0.0.1:8086&database=metrics}. The same keys may be given as {@link StoreConfig}
 * properties, which win over the URL ({@link UrlQuery}); secrets ({@code token}, {@code password}) belong there, or
 * in the environment ({@link StoreConfig#fromEnvironment}), and are masked in every message. The keys are those of
 * {@link InfluxStoreOptions}, listed in the option table of {@code docs/influxdb.md}, plus {@code url} (required),
 * {@code token} (2.x, 3.x), and {@code username} with {@code password} (1.x with authentication, sent as HTTP Basic
 * authentication, which every 1.x accepts), which configure the client this provider builds. Unknown keys are
 * refused.
 *
 * <p>InfluxDB holds events only: {@link #openUserStore} throws {@link UnsupportedCapabilityException}.
 */
public final class InfluxStoreProvider implements StoreProvider {

  /** The URL prefix this provider accepts. */
  public static final String SCHEME = "influxdb:";

  /** How long connecting to the server may take at most (bounded by {@code call.timeout} when that is shorter). */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "influxdb";
  }

  @Override
  public List<String> schemes() {
    return List.of(SCHEME);
  }

  /** @throws UnsupportedCapabilityException always: InfluxDB holds events, not users */
  @Override
  public UserStore openUserStore(StoreConfig config) {
    throw new UnsupportedCapabilityException(Capability.USER_STORE, "InfluxDB",
        "InfluxDB holds time-stamped events only; open an EventStore, or keep users in a SQL or DynamoDB store");
  }

  @Override
  public EventStore openEventStore(StoreConfig config) {
    return openEventStore(config, UnaryOperator.identity());
  }

  /**
   * As {@link #openEventStore(StoreConfig)}, with the store's HTTP client built by {@code http} from the builder the
   * store configured: a seam for tests that count what a store sends.
   */
  EventStore openEventStore(StoreConfig config, UnaryOperator<OkHttpClient.Builder> http) {
    Map<String, String> settings = UrlQuery.settings(config, SCHEME);
    InfluxStoreOptions options = InfluxStoreOptions.OPTIONS.parse(settings, InfluxStoreOptions.builder()).build();
    InfluxDBClient client = client(settings, options, http);
    return new InfluxEventStore(client, options, true);
  }

  /** A client of the server in {@code url}, with the store's timeouts and credentials. */
  static InfluxDBClient client(Map<String, String> settings, InfluxStoreOptions options) {
    return client(settings, options, UnaryOperator.identity());
  }

  private static InfluxDBClient client(Map<String, String> settings, InfluxStoreOptions options,
                                       UnaryOperator<OkHttpClient.Builder> customize) {
    String url = settings.get("url");
    if (url == null) {
      throw new StoreConfigurationException("an influxdb: URL needs the server, e.g."
          + " influxdb:?url=http://127.0.0.1:8086&database=" + options.database());
    }
    try {
      URI uri = URI.create(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new IllegalArgumentException("not http(s)");
      }
    } catch (IllegalArgumentException e) {
      throw new StoreConfigurationException("url must be an http or https URL such as http://127.0.0.1:8086, not "
          + StoreConfig.mask(url), e);
    }
    String token = settings.get("token");
    String username = settings.get("username");
    String password = settings.get("password");
    if (token != null && (username != null || password != null)) {
      throw new StoreConfigurationException("give either token (2.x, 3.x) or username and password (1.x), not both");
    }
    if ((username == null) != (password == null)) {
      throw new StoreConfigurationException("username and password go together: give both or neither");
    }
    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .connectTimeout(Math.min(CONNECT_TIMEOUT.toMillis(), options.callTimeout().toMillis()), TimeUnit.MILLISECONDS)
        .readTimeout(options.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        // every request is retried by the store, which knows which ones may be sent again
        .retryOnConnectionFailure(false);
    if (username != null) {
      String basic = Credentials.basic(username, password);
      http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", basic).build()));
    }
    InfluxDBClientOptions.Builder client = InfluxDBClientOptions.builder().url(url).okHttpClient(customize.apply(http));
    if (token != null) {
      client.authenticateToken(token.toCharArray());
    }
    options.org().ifPresent(client::org);
    return InfluxDBClientFactory.create(client.build());
  }
}
