package dev.polystore.dynamodb;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.internal.DynamoEventStore;
import dev.polystore.dynamodb.internal.DynamoUserStore;
import dev.polystore.spi.StoreProvider;
import dev.polystore.spi.support.UrlQuery;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
 * {@link StoreConfig} properties, which win over the URL ({@link UrlQuery}). The keys are those of
 * {@link DynamoStoreOptions}, listed in the option table of {@code docs/dynamodb.md}, plus {@code region} (default:
 * the SDK's region chain; with an {@code endpoint}, only {@code aws.region} / {@code AWS_REGION}, else
 * {@code us-east-1}) and {@code endpoint} (an endpoint override such as DynamoDB Local's), which this provider
 * gives the client it builds.
 *
 * <p>Credentials come from the SDK's default provider chain (environment, system properties, profile, web
 * identity, container and instance roles); they are never part of the URL. Unknown keys are refused.
 */
public final class DynamoStoreProvider implements StoreProvider {

  /** The SDK HTTP client's own default pool size. */
  private static final int DEFAULT_MAX_CONNECTIONS = 50;

  /** The URL prefix this provider accepts. */
  public static final String SCHEME = "dynamodb:";

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
    Map<String, String> settings = UrlQuery.settings(config, SCHEME);
    DynamoStoreOptions options = options(settings);
    DynamoDbClient client = client(settings, config, options);
    try {
      return store.apply(client, options);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** The options of the settings (the URL's parameters overlaid with the config's properties). */
  static DynamoStoreOptions options(Map<String, String> settings) {
    return DynamoStoreOptions.OPTIONS.parse(settings, DynamoStoreOptions.builder()).build();
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
}
