package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.internal.DynamoEventStore;
import dev.polystore.dynamodb.internal.DynamoUserStore;
import dev.polystore.spi.support.OptionValues;
import dev.polystore.spi.StoreProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * SPI: opens DynamoDB stores for {@code dynamodb:} URLs. Thread-safe and cheap to construct.
 *
 * <p>URL form: {@code dynamodb:} followed by optional {@code ?key=value&...} (values URL-encoded), for
 * example {@code dynamodb:?region=eu-west-1&table=app} or, for DynamoDB Local,
 * {@code dynamodb:?endpoint=http://127.0.0.1:8000&table=polystore}. The same keys may be given as
 * {@link StoreConfig} properties, which win over the URL:
 *
 * <ul>
 *   <li>{@code region} — the AWS region; default: the SDK's region chain ({@code AWS_REGION},
 *       {@code aws.region}, the profile, the instance metadata); with an {@code endpoint} set, only
 *       {@code aws.region} / {@code AWS_REGION}, else {@code us-east-1};
 *   <li>{@code endpoint} — an endpoint override such as DynamoDB Local's; default: the region's endpoint;
 *   <li>{@code table}, {@code create.table}, {@code scan.policy}, {@code retry.max.attempts},
 *       {@code retry.base.delay}, {@code retry.max.delay}, {@code memory.max.items}, {@code read.parallelism},
 *       {@code event.bucket}, {@code cursor.secret}, {@code call.timeout}, {@code call.attempt.timeout} — see
 *       {@link DynamoStoreOptions}. Durations are written {@code 50ms}, {@code 2s},
 *       {@code 1d} or ISO-8601 ({@code PT0.05S}, {@code P1D}), as for the JDBI adapter.
 * </ul>
 *
 * <p>Credentials come from the SDK's default provider chain (environment, system properties, profile, web
 * identity, container and instance roles); they are never part of the URL. Unknown keys are refused.
 */
public final class DynamoStoreProvider implements StoreProvider {

  /** The SDK HTTP client's own default pool size. */
  private static final int DEFAULT_MAX_CONNECTIONS = 50;

  /** The URL prefix this provider accepts. */
  public static final String SCHEME = "dynamodb:";

  private static final Set<String> KEYS = Set.of("region", "endpoint", "table", "create.table", "scan.policy",
      "retry.max.attempts", "retry.base.delay", "retry.max.delay", "memory.max.items", "read.parallelism",
      "event.bucket", "cursor.secret", "call.timeout", "call.attempt.timeout");

  @Override
  public String name() {
    return "dynamodb";
  }

  @Override
  public List<String> schemes() {
    return List.of(SCHEME);
  }

  @Override
  public UserStore openUserStore(StoreConfig config) {
    return open(config, (client, options) -> new DynamoUserStore(client, options, true));
  }

  @Override
  public EventStore openEventStore(StoreConfig config) {
    return open(config, (client, options) -> new DynamoEventStore(client, options, true));
  }

  /** A store over a client built from the config, which the store owns; the client is closed if opening fails. */
  private static <S> S open(StoreConfig config, BiFunction<DynamoDbClient, DynamoStoreOptions, S> store) {
    Map<String, String> settings = settings(config);
    DynamoStoreOptions options = options(settings);
    DynamoDbClient client = client(settings, config, options);
    try {
      return store.apply(client, options);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The URL's parameters overlaid with the config's properties; unknown keys refused. */
  static Map<String, String> settings(StoreConfig config) {
    String url = config.url();
    if (!url.startsWith(SCHEME)) {
      throw new StoreConfigurationException("not a DynamoDB URL: " + config.maskedUrl());
    }
    String rest = url.substring(SCHEME.length());
    Map<String, String> settings = new TreeMap<>();
    if (!rest.isEmpty()) {
      if (!rest.startsWith("?")) {
        throw new StoreConfigurationException("a DynamoDB URL is dynamodb: followed by ?key=value&..., not "
            + config.maskedUrl());
      }
      for (String pair : rest.substring(1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new StoreConfigurationException("expected key=value in " + config.maskedUrl()
              + ", not " + StoreConfig.mask("?" + pair));
        }
        settings.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    settings.putAll(config.properties());
    OptionValues.requireKnownKeys("DynamoDB", settings.keySet(), KEYS);
    return settings;
  }

  static DynamoStoreOptions options(Map<String, String> s) {
    DynamoStoreOptions.Builder b = DynamoStoreOptions.builder();
    if (s.containsKey("table")) {
      b.tableName(s.get("table"));
    }
    if (s.containsKey("create.table")) {
      b.createTable(OptionValues.booleanValue("create.table", s.get("create.table")));
    }
    if (s.containsKey("scan.policy")) {
      b.scanPolicy(OptionValues.enumValue("scan.policy", s.get("scan.policy"), DynamoStoreOptions.ScanPolicy.class));
    }
    if (s.containsKey("retry.max.attempts")) {
      b.retryMaxAttempts(OptionValues.intValue("retry.max.attempts", s.get("retry.max.attempts")));
    }
    if (s.containsKey("retry.base.delay")) {
      b.retryBaseDelay(OptionValues.durationValue("retry.base.delay", s.get("retry.base.delay")));
    }
    if (s.containsKey("retry.max.delay")) {
      b.retryMaxDelay(OptionValues.durationValue("retry.max.delay", s.get("retry.max.delay")));
    }
    if (s.containsKey("memory.max.items")) {
      b.maxInMemoryItems(OptionValues.intValue("memory.max.items", s.get("memory.max.items")));
    }
    if (s.containsKey("read.parallelism")) {
      b.readParallelism(OptionValues.intValue("read.parallelism", s.get("read.parallelism")));
    }
    if (s.containsKey("event.bucket")) {
      b.eventBucket(OptionValues.durationValue("event.bucket", s.get("event.bucket")));
    }
    if (s.containsKey("cursor.secret")) {
      b.cursorSecret(s.get("cursor.secret"));
    }
    if (s.containsKey("call.timeout")) {
      b.callTimeout(OptionValues.durationValue("call.timeout", s.get("call.timeout")));
    }
    if (s.containsKey("call.attempt.timeout")) {
      b.callAttemptTimeout(OptionValues.durationValue("call.attempt.timeout", s.get("call.attempt.timeout")));
    }
    return b.build();
  }

  private static DynamoDbClient client(Map<String, String> s, StoreConfig config, DynamoStoreOptions options) {
    // Room for every concurrent read of the store on top of the caller's own requests.
    int connections = Math.max(DEFAULT_MAX_CONNECTIONS, options.readParallelism() + DEFAULT_MAX_CONNECTIONS / 2);
    DynamoDbClientBuilder builder = DynamoDbClient.builder()
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(connections))
        // every call is bounded, whether connecting, sending or waiting for the reply, the SDK's retries included
        .overrideConfiguration(o -> o.apiCallTimeout(options.callTimeout())
            .apiCallAttemptTimeout(options.callAttemptTimeout()))
        .credentialsProvider(DefaultCredentialsProvider.builder().build());
    String endpoint = s.get("endpoint");
    if (endpoint != null) {
      try {
        URI uri = URI.create(endpoint);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
        builder.endpointOverride(uri);
      } catch (IllegalArgumentException e) {
        throw new StoreConfigurationException("endpoint must be a URL such as http://127.0.0.1:8000, not "
            + StoreConfig.mask(endpoint), e);
      }
    }
    String region = s.get("region");
    if (region != null) {
      builder.region(Region.of(region.trim()));
    } else if (endpoint != null) {
      builder.region(regionOr(Region.US_EAST_1));
    }
    try {
      return builder.build();
    } catch (SdkException e) {
      throw new StoreConfigurationException("cannot build a DynamoDB client for " + config + ": "
          + StoreConfig.mask(e.getMessage()), e);
    }
  }

  /**
   * The region from {@code aws.region} / {@code AWS_REGION} only: with an endpoint override (DynamoDB Local) the
   * region hardly matters, and the full chain would ask the EC2 instance metadata service.
   */
  private static Region regionOr(Region fallback) {
    try {
      return new SystemSettingsRegionProvider().getRegion();
    } catch (SdkException e) {
      return fallback;
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
