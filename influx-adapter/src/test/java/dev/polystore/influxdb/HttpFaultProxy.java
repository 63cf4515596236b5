package dev.polystore.influxdb;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP proxy on a free loopback port in front of a real InfluxDB server, for fault tests: it forwards each
 * request (method, path, query, the headers that matter, body) with the JDK's {@link HttpClient} and copies the
 * reply back (status, {@code Content-Type} and {@code X-Influxdb-*} headers, body), unless told to misbehave for
 * writes ({@code POST /write}, {@code POST /api/v2/write}):
 *
 * <ul>
 *   <li>{@link #answerWrites} answers the next writes itself with a status, without forwarding them;</li>
 *   <li>{@link #loseWriteReplies} forwards the next writes (the server applies them) and then drops the connection
 *       without a reply, so the client sees the connection fail;</li>
 *   <li>{@link #holdWrites} makes writes wait, before they are forwarded, until {@link #releaseWrites}.</li>
 * </ul>
 *
 * <p>It counts requests per {@link Kind} and remembers when each arrived. Planned faults are used in the order they
 * were planned. Thread-safe; its threads are daemons. {@link #close()} releases held writes and stops it.
 */
final class HttpFaultProxy implements AutoCloseable {

  /** What a request asks for. */
  enum Kind { WRITE, QUERY, PING, OTHER }

  /** Request headers worth forwarding (the JDK client sets Host, Content-Length and Connection itself). */
  private static final Set<String> FORWARDED = Set.of("content-type", "accept", "authorization", "user-agent");

  /** What the proxy does with one write instead of forwarding it plainly. */
  private sealed interface Fault permits Answer, LoseReply {
  }

  private record Answer(int status, Map<String, String> headers, String body) implements Fault {
  }

  private record LoseReply() implements Fault {
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final HttpClient client;
  private final URI target;
  private final Object lock = new Object();
  private final Deque<Fault> faults = new ArrayDeque<>();
  /** Statement beginnings of the next queries whose reply is lost, in order. */
  private final Deque<String> lostQueries = new ArrayDeque<>();
  /** A fault for every write, after the planned ones, until {@link #heal()}; null when healthy. */
  private Fault always;
  private final Map<Kind, List<Long>> arrivals = new EnumMap<>(Kind.class);
  private boolean holding;
  private int held;

  private HttpFaultProxy(URI target) throws IOException {
    this.target = target;
    for (Kind kind : Kind.values()) {
      arrivals.put(kind, new ArrayList<>());
    }
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.threads = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "http-fault-proxy");
      thread.setDaemon(true);
      return thread;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    this.server.setExecutor(threads);
    this.server.createContext("/", this::handle);
    this.server.start();
  }

  /** A proxy in front of {@code serverUrl} ({@code http://host:port}). */
  static HttpFaultProxy start(String serverUrl) {
    try {
      return new HttpFaultProxy(URI.create(serverUrl));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy's URL, {@code http://127.0.0.1:port}. */
  String url() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  /** A store URL through the proxy: {@code influxdb:?url=…}. */
  String storeUrl() {
    return "influxdb:?url=" + URLEncoder.encode(url(), StandardCharsets.UTF_8);
  }

  // ---- programming -----------------------------------------------------------------------------------------------

  /** Answers the next {@code times} writes with {@code status} and {@code headers}, without forwarding them. */
  HttpFaultProxy answerWrites(int times, int status, Map<String, String> headers) {
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        faults.add(new Answer(status, Map.copyOf(headers), "{\"error\":\"answered by the fault proxy: HTTP "
            + status + "\"}"));
      }
    }
    return this;
  }

  /** Answers every write with {@code status} (once the planned faults are used) until {@link #heal()}. */
  HttpFaultProxy answerAllWrites(int status) {
    synchronized (lock) {
      always = new Answer(status, Map.of(), "{\"error\":\"answered by the fault proxy: HTTP " + status + "\"}");
    }
    return this;
  }

  /** Forwards the next {@code times} writes, then drops each one's connection without sending the reply. */
  HttpFaultProxy loseWriteReplies(int times) {
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        faults.add(new LoseReply());
      }
    }
    return this;
  }

  /**
   * Forwards the next {@code times} queries whose InfluxQL starts with {@code statementStart} (e.g. {@code "DELETE"}),
   * then drops each one's connection without sending the reply: the server ran the statement.
   */
  HttpFaultProxy loseQueryReplies(String statementStart, int times) {
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        lostQueries.add(statementStart);
      }
    }
    return this;
  }

  /** Forgets every planned fault: writes are forwarded plainly again (held ones stay held). */
  HttpFaultProxy heal() {
    synchronized (lock) {
      faults.clear();
      always = null;
    }
    return this;
  }

  /** Makes writes wait before they are forwarded (or answered), until {@link #releaseWrites()}. */
  HttpFaultProxy holdWrites() {
    synchronized (lock) {
      holding = true;
    }
    return this;
  }

  /** Lets held writes and later ones go on. */
  HttpFaultProxy releaseWrites() {
    synchronized (lock) {
      holding = false;
      lock.notifyAll();
    }
    return this;
  }

  /** Waits until {@code count} writes are held; false when {@code timeout} passed first. */
  boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (held < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      return true;
    }
  }

  /** Requests of this kind received so far. */
  int count(Kind kind) {
    synchronized (lock) {
      return arrivals.get(kind).size();
    }
  }

  /** When each request of this kind arrived ({@link System#nanoTime()}), in order. */
  List<Long> arrivals(Kind kind) {
    synchronized (lock) {
      return List.copyOf(arrivals.get(kind));
    }
  }

  // ---- serving ---------------------------------------------------------------------------------------------------

  static Kind kind(String method, String path) {
    if (method.equals("POST") && (path.equals("/write") || path.equals("/api/v2/write"))) {
      return Kind.WRITE;
    }
    if (path.equals("/query")) {
      return Kind.QUERY;
    }
    if (path.equals("/ping")) {
      return Kind.PING;
    }
    return Kind.OTHER;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Kind kind = kind(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
      Fault fault = null;
      synchronized (lock) {
        arrivals.get(kind).add(System.nanoTime());
        if (kind == Kind.WRITE) {
          fault = faults.isEmpty() ? always : faults.poll();
          held++;
          lock.notifyAll();
          while (holding) {
            lock.wait();
          }
          held--;
        } else if (kind == Kind.QUERY && !lostQueries.isEmpty() && statement(body).startsWith(lostQueries.peek())) {
          lostQueries.poll();
          fault = new LoseReply();
        }
      }
      if (fault instanceof Answer answer) {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        reply(exchange, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpResponse<InputStream> response = forward(exchange, body);
      if (fault instanceof LoseReply) {
        response.body().readAllBytes(); // the server has answered: the write was applied
        response.body().close();
        dropConnection(exchange);
        return;
      }
      copyHeaders(response, exchange.getResponseHeaders());
      try (InputStream in = response.body()) {
        boolean empty = response.statusCode() == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
        if (!empty) {
          try (OutputStream out = exchange.getResponseBody()) {
            in.transferTo(out); // streamed, so chunked query replies stay chunked
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropConnection(exchange);
    } catch (IOException | RuntimeException e) {
      dropConnection(exchange);
      throw e;
    }
  }

  /** The InfluxQL of a form-encoded {@code /query} body ({@code q=…}); empty when there is none. */
  private static String statement(byte[] body) {
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("q=")) {
        return URLDecoder.decode(pair.substring(2), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private HttpResponse<InputStream> forward(HttpExchange exchange, byte[] body)
      throws IOException, InterruptedException {
    URI uri = target.resolve(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
        .method(exchange.getRequestMethod(), body.length == 0 && !exchange.getRequestMethod().equals("POST")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static void copyHeaders(HttpResponse<?> response, Headers into) {
    response.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-type") || lower.startsWith("x-influxdb-") || lower.equals("retry-after")
          || lower.equals("request-id")) {
        values.forEach(value -> into.add(name, value));
      }
    });
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (status == 204) {
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Closes the connection without a reply: an exchange closed before its headers were sent closes its socket, so
   * the client reads the end of the stream where the status line should be.
   */
  private static void dropConnection(HttpExchange exchange) {
    exchange.close();
  }

  @Override
  public void close() {
    releaseWrites();
    server.stop(0);
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "HttpFaultProxy{" + url() + " -> " + target + "}";
  }
}
