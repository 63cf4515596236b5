package dev.polystore.samples.examples;

import dev.polystore.samples.backends.EmbeddedDynamo;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB the example tests use: the endpoint named by {@code POLYSTORE_TEST_DYNAMODB_ENDPOINT} (or
 * {@code -Dpolystore.test.dynamodb.endpoint}), else DynamoDB Local started in-process on first use (in memory,
 * telemetry off, on a free loopback port) and stopped when the JVM exits. Stores opened by URL find their
 * credentials in the system properties {@code aws.accessKeyId} and {@code aws.secretAccessKey}, set here to test
 * values. Thread-safe.
 */
final class DynamoLocalServer {

  private static URI endpoint;

  private DynamoLocalServer() {
  }

  /** The endpoint, starting DynamoDB Local on the first call when none is configured. */
  static synchronized URI endpoint() {
    if (endpoint == null) {
      System.setProperty("aws.accessKeyId", "polystore");
      System.setProperty("aws.secretAccessKey", "polystore");
      String external = System.getProperty("polystore.test.dynamodb.endpoint",
          System.getenv("POLYSTORE_TEST_DYNAMODB_ENDPOINT"));
      endpoint = external != null && !external.isBlank() ? URI.create(external.strip()) : startInProcess();
    }
    return endpoint;
  }

  /** Deletes a table (it matters on an external endpoint; DynamoDB Local forgets everything at exit). */
  static void dropTable(String table) {
    try (DynamoDbClient client = DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .httpClientBuilder(Apache5HttpClient.builder())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("polystore", "polystore")))
        .build()) {
      client.deleteTable(r -> r.tableName(table));
    } catch (RuntimeException e) {
      // never created, or already gone
    }
  }

  /** DynamoDB Local in this JVM ({@link EmbeddedDynamo}, as the comparison app starts it), stopped at exit. */
  private static URI startInProcess() {
    EmbeddedDynamo dynamo = EmbeddedDynamo.start();
    Runtime.getRuntime().addShutdownHook(new Thread(dynamo::close, "dynamodb-local-stop"));
    return dynamo.endpoint();
  }
}
