package dev.polystore.benchmarks.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local started in this JVM (in memory, telemetry off, a free loopback port), and a client for it with the
 * SDK's Apache 5 HTTP client, as the adapter's tests use. Not thread-safe: one per JMH state.
 */
final class DynamoLocalServer implements AutoCloseable {

  private final DynamoDBProxyServer server;
  private final DynamoDbClient client;

  DynamoLocalServer() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    server = ServerRunner.createServerFromCommandLineArgs(new String[] {
        "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
    server.start();
    client = DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("polystore", "polystore")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  DynamoDbClient client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    client.close();
    server.stop();
  }
}
