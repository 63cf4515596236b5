package dev.polystore.samples.backends;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import dev.polystore.StoreUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * DynamoDB Local, started in this JVM: in memory, telemetry off, on a free loopback port. It needs the sqlite4java
 * native libraries in the folder named by {@code sqlite4java.library.path} ({@link NativeLibraries}). Close it to
 * stop it; everything it held is gone then. Thread-safe.
 */
public final class EmbeddedDynamo implements AutoCloseable {

  private final DynamoDBProxyServer server;
  private final URI endpoint;

  private EmbeddedDynamo(DynamoDBProxyServer server, URI endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  /**
   * Starts DynamoDB Local.
   *
   * @throws StoreUnavailableException when it does not start (its natives missing, for example)
   */
  public static EmbeddedDynamo start() {
    try {
      int port = freePort();
      DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
          "-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
      server.start();
      return new EmbeddedDynamo(server, URI.create("http://127.0.0.1:" + port));
    } catch (Exception e) {
      throw new StoreUnavailableException("DynamoDB Local did not start (" + e.getMessage() + "); its native"
          + " libraries are looked for in " + System.getProperty(NativeLibraries.SQLITE4JAVA_PATH, "(not set)")
          + " (system property " + NativeLibraries.SQLITE4JAVA_PATH + ")", e);
    }
  }

  /** Where it listens, e.g. {@code http://127.0.0.1:40123}. */
  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      System.err.println("DynamoDB Local did not stop cleanly: " + e.getMessage());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
