package dev.polystore.samples.backends;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Clients that count what a store sends through them, for stores opened with {@code JdbiStores},
 * {@code DynamoStores} and {@code InfluxStores}:
 *
 * <ul>
 *   <li>a {@link Jdbi} whose {@link SqlLogger} counts every statement it executes (a batch counts once; what
 *       Flyway runs while migrating does not go through it and is not counted);</li>
 *   <li>a {@link DynamoDbClient} whose {@link ExecutionInterceptor} counts every HTTP request, retries included;</li>
 *   <li>an {@link InfluxDBClient} whose OkHttp client has an interceptor counting every HTTP request.</li>
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class InstrumentedClients {

  private InstrumentedClients() {
  }

  /** A {@link Jdbi} over {@code dataSource} counting its statements in {@code counter}. */
  public static Jdbi jdbi(DataSource dataSource, RequestCounter counter) {
    Jdbi jdbi = Jdbi.create(dataSource);
    jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
      @Override
      public void logBeforeExecution(StatementContext context) {
        counter.increment();
      }
    });
    return jdbi;
  }

  /**
   * A DynamoDB client of {@code endpoint} counting its requests in {@code counter}. Credentials come from the AWS
   * SDK's default chain when {@code AWS_ACCESS_KEY_ID} is set, else fixed dummy ones (DynamoDB Local accepts any).
   */
  public static DynamoDbClient dynamo(URI endpoint, RequestCounter counter) {
    AwsCredentialsProvider credentials = System.getenv("AWS_ACCESS_KEY_ID") != null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create("polystore", "polystore"));
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(o -> o
            .apiCallTimeout(Duration.ofSeconds(60))
            .apiCallAttemptTimeout(Duration.ofSeconds(10))
            .addExecutionInterceptor(new ExecutionInterceptor() {
              @Override
              public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                counter.increment();
              }
            }))
        .build();
  }

  /**
   * An InfluxDB client counting its HTTP requests in {@code counter}, configured from the settings of an
   * {@code influxdb:} URL: {@code url}, and {@code username} with {@code password} (1.x) or {@code token} and
   * {@code org} (2.x, 3.x).
   */
  public static InfluxDBClient influx(Map<String, String> settings, RequestCounter counter) {
    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS)
        .writeTimeout(60, TimeUnit.SECONDS)
        .retryOnConnectionFailure(false)
        .addInterceptor(chain -> {
          counter.increment();
          return chain.proceed(chain.request());
        });
    String username = settings.get("username");
    if (username != null) {
      String basic = Credentials.basic(username, settings.getOrDefault("password", ""));
      http.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("Authorization", basic).build()));
    }
    InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder().url(settings.get("url")).okHttpClient(http);
    if (settings.containsKey("token")) {
      options.authenticateToken(settings.get("token").toCharArray());
    }
    if (settings.containsKey("org")) {
      options.org(settings.get("org"));
    }
    return InfluxDBClientFactory.create(options.build());
  }
}
