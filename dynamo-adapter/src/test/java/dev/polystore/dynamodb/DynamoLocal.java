package dev.polystore.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB the tests talk to: DynamoDB Local started in-process once per JVM (in memory, telemetry off, on a
 * free loopback port) and stopped when the whole test run ends, or the endpoint named by
 * {@code POLYSTORE_TEST_DYNAMODB_ENDPOINT} (or {@code -Dpolystore.test.dynamodb.endpoint}). Test classes use it
 * with {@code @ExtendWith(DynamoLocal.class)}. Thread-safe.
 */
public final class DynamoLocal implements BeforeAllCallback {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static URI endpoint;
  private static DynamoDbClient client;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (DynamoLocal.class) {
      if (endpoint != null) {
        return;
      }
      String external = System.getProperty("polystore.test.dynamodb.endpoint",
          System.getenv("POLYSTORE_TEST_DYNAMODB_ENDPOINT"));
      if (external != null && !external.isBlank()) {
        endpoint = URI.create(external.strip());
      } else {
        int port = freePort();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
            "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        // closed by JUnit when the root context ends, after every test class ran
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
            .put(DynamoLocal.class, (AutoCloseable) () -> stop(server));
      }
      client = newClient(b -> { });
    }
  }

  private static synchronized void stop(DynamoDBProxyServer server) throws Exception {
    if (client != null) {
      client.close();
      client = null;
    }
    server.stop();
    endpoint = null;
  }

  /** The shared client; the extension must have run. */
  public static synchronized DynamoDbClient client() {
    if (client == null) {
      throw new IllegalStateException("annotate the test class with @ExtendWith(DynamoLocal.class)");
    }
    return client;
  }

  public static synchronized URI endpoint() {
    return endpoint;
  }

  /** A new client (to close) with the test credentials and extra settings such as interceptors. */
  public static DynamoDbClient newClient(Consumer<ClientOverrideConfiguration.Builder> overrides) {
    return newClient(Apache5HttpClient.builder(), overrides);
  }

  /** A new client (to close) with the test credentials, its own HTTP client settings and extra settings. */
  public static DynamoDbClient newClient(Apache5HttpClient.Builder http,
      Consumer<ClientOverrideConfiguration.Builder> overrides) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("polystore", "polystore")))
        .httpClientBuilder(http)
        .overrideConfiguration(overrides)
        .build();
  }

  /** A table name no other test uses. */
  public static String freshTable() {
    return "polystore-test-" + TABLES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Deletes a test table (matters on an external endpoint; DynamoDB Local forgets everything at exit). */
  public static void dropTable(String table) {
    try {
      client().deleteTable(r -> r.tableName(table));
    } catch (RuntimeException e) {
      // already gone or never created
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
