package dev.polystore.influxdb;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * A private InfluxDB 1.x server ({@code influxd} from the PATH) for the tests that stop, crash or restart their
 * server: its own loopback port, its own temporary directory (config, meta, data, WAL and {@code influxd.log}),
 * usage reports off.
 *
 * <p>{@link #start()} skips the calling test when {@code influxd} is not on the PATH, and fails it instead when
 * {@code POLYSTORE_TEST_REQUIRE} (or {@code -Dpolystore.test.require}) is {@code all} or names {@code influxdb}.
 * {@link #stop()} and {@link #kill()} keep the data on disk; {@link #restart()} starts the server again on the
 * same port and data; {@link #close()} stops it and deletes the directory. A shutdown hook stops a server whose
 * test did not close it, so none outlives the JVM (unless the JVM itself is killed).
 *
 * <p>Thread-safe: every method that starts or stops the process is synchronized.
 */
public final class InfluxProcess implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final int PORT_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 20;
  private static final Pattern LIST_SEPARATOR = Pattern.compile("[,\\s]+");

  private final Path influxd;
  private final Path directory;
  private final int port;
  private final HttpClient http;
  private final Thread shutdownHook;
  private Process process;
  private boolean closed;

  private InfluxProcess(Path influxd, Path directory, int port, int rpcPort) {
    this.influxd = influxd;
    this.directory = directory;
    this.port = port;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    this.shutdownHook = new Thread(this::stopAtExit, "influxd-" + port + "-shutdown");
    writeConfig(rpcPort);
  }

  /**
   * Starts a new server on a free loopback port and waits until it answers {@code GET /ping} with 204.
   *
   * @throws TestAbortedException when {@code influxd} is not on the PATH and InfluxDB is not required
   * @throws IllegalStateException when {@code influxd} is missing but required, or does not start
   */
  public static InfluxProcess start() {
    Path influxd = findInfluxd();
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
      InfluxProcess server = create(influxd);
      try {
        server.launch();
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        return server;
      } catch (IllegalStateException e) {
        // Another process may have taken a port between choosing it and influxd binding it: try new ports.
        server.deleteDirectory();
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    throw failure;
  }

  /** The HTTP port, on 127.0.0.1; the same after {@link #restart()}. */
  public int port() {
    return port;
  }

  /** The server's base URL, {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://" + HOST + ":" + port;
  }

  /** The Polystore store URL of this server, {@code influxdb:?url=http://127.0.0.1:<port>}. */
  public String storeUrl() {
    return "influxdb:?url=" + url();
  }

  /** Whether the server process is alive (it may not answer yet, or any more). */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /**
   * Stops the server as an operator would: SIGTERM, then waits for it to exit (SIGKILL after 15 s). The data
   * stays on disk. Does nothing when the server is not running.
   */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!waitFor(process, STOP_TIMEOUT)) {
      process.destroyForcibly();
      waitFor(process, STOP_TIMEOUT);
    }
    process = null;
  }

  /**
   * Kills the server without warning (SIGKILL), as a crash would, and waits for it to be gone. What it had
   * acknowledged stays in its write-ahead log. Does nothing when the server is not running.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitFor(process, STOP_TIMEOUT);
    process = null;
  }

  /**
   * Starts the server again on the same port and the same data, stopping it first when it still runs, and
   * waits until it answers {@code GET /ping} with 204.
   *
   * @throws IllegalStateException when it does not start (for example because another process took the port),
   *     or after {@link #close()}
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("this InfluxDB server has been closed");
    }
    stop();
    launch();
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    deleteDirectory();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway and finds nothing left to do
    }
  }

  @Override
  public String toString() {
    return "InfluxProcess[" + url() + ", " + directory + (running() ? ", running]" : ", stopped]");
  }

  // ---- starting ----------------------------------------------------------------------------------

  private static InfluxProcess create(Path influxd) {
    try {
      Path directory = Files.createTempDirectory("polystore-influxd-");
      int[] ports = freePorts(2);
      return new InfluxProcess(influxd, directory, ports[0], ports[1]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory and ports for influxd", e);
    }
  }

  /** Distinct free loopback ports: all sockets are held open until every port is chosen. */
  private static int[] freePorts(int count) throws IOException {
    InetAddress loopback = InetAddress.getByName(HOST);
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, loopback);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }

  private synchronized void launch() {
    ProcessBuilder builder = new ProcessBuilder(influxd.toString(), "-config", config().toString())
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    try {
      process = builder.start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + influxd, e);
    }
    try {
      awaitPing(process);
    } catch (RuntimeException e) {
      kill();
      throw e;
    }
  }

  private void awaitPing(Process started) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpRequest ping = HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IllegalStateException("influxd on " + url() + " exited with status " + started.exitValue()
            + " before it answered /ping; " + logTail());
      }
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 204) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for influxd on " + url(), e);
      }
      sleep(POLL_INTERVAL);
    }
    throw new IllegalStateException("influxd did not answer GET " + url() + "/ping with 204 within "
        + START_TIMEOUT.toSeconds() + " s; " + logTail());
  }

  private void writeConfig(int rpcPort) {
    String config = String.join("\n",
        "# A private server for one test run (InfluxProcess).",
        "reporting-enabled = false",   // Debian's build
        "reporting-disabled = true",   // upstream
        "bind-address = \"" + HOST + ":" + rpcPort + "\"",
        "[meta]",
        "  dir = " + tomlString(directory.resolve("meta")),
        "[data]",
        "  dir = " + tomlString(directory.resolve("data")),
        "  wal-dir = " + tomlString(directory.resolve("wal")),
        "  query-log-enabled = false",
        "[monitor]",
        "  store-enabled = false",
        "[http]",
        "  enabled = true",
        "  bind-address = \"" + HOST + ":" + port + "\"",
        "  log-enabled = false",
        "[ifql]",
        "  enabled = false",
        "");
    try {
      Files.writeString(config(), config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + config(), e);
    }
  }

  private static String tomlString(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // ---- finding influxd ---------------------------------------------------------------------------

  private static Path findInfluxd() {
    Optional<Path> found = onPath("influxd");
    if (found.isPresent()) {
      return found.get();
    }
    String message = "InfluxDB: influxd is not on the PATH (install Debian's influxdb package, or run"
        + " scripts/influxdb.sh start, which installs it).";
    if (required()) {
      throw new IllegalStateException(message + " POLYSTORE_TEST_REQUIRE=" + requirement().orElse("")
          + " requires InfluxDB.");
    }
    throw new TestAbortedException(message + " Skipping; set POLYSTORE_TEST_REQUIRE=all to make this a failure.");
  }

  private static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(Pattern.quote(File.pathSeparator)))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** The same rule as {@code ServerBackends}: {@code all}, or a list naming {@code influxdb}. */
  private static boolean required() {
    return requirement()
        .map(value -> LIST_SEPARATOR.splitAsStream(value.toLowerCase(Locale.ROOT))
            .anyMatch(part -> part.equals("all") || part.equals("influxdb")))
        .orElse(false);
  }

  private static Optional<String> requirement() {
    String value = System.getProperty("polystore.test.require");
    if (value == null || value.isBlank()) {
      value = System.getenv("POLYSTORE_TEST_REQUIRE");
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private Path config() {
    return directory.resolve("influxdb.conf");
  }

  private Path log() {
    return directory.resolve("influxd.log");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "last lines of " + log() + ":\n  " + String.join("\n  ", tail);
    } catch (IOException e) {
      return "its log " + log() + " cannot be read: " + e;
    }
  }

  private void stopAtExit() {
    synchronized (this) {
      stop();
    }
    deleteDirectory();
  }

  private void deleteDirectory() {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + directory, e);
    }
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for influxd", e);
    }
  }
}
