package dev.polystore.influxdb.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.PartialWriteException;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.Backoff;
import dev.polystore.spi.support.Messages;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The requests of one store, each sent until it succeeds or fails for good: a request that lost its connection or
 * got HTTP 429 or 5xx is sent again after a pause ({@link Backoff}, or the server's {@code Retry-After} when that is
 * longer), up to the configured attempts; any other status fails at once. Writes are safe to send again: a point
 * written twice is stored once. Failures are translated to Polystore's exceptions with the server's own words
 * ({@code X-Influxdb-Error} or the body's {@code error}). Thread-safe.
 */
final class InfluxCalls {

  private static final MediaType LINES = MediaType.get("text/plain; charset=utf-8");

  private final InfluxHttp http;
  private final Backoff backoff;
  private final Duration callTimeout;
  private final Target target;

  /** Where the store's data is, and which write endpoint takes it. */
  record Target(String database, Optional<String> retentionPolicy, Optional<String> org, boolean v2Write) {
  }

  /** A write the server refused as too large (HTTP 413): nothing of it was stored; send it in smaller parts. */
  static final class TooLarge extends StoreException {
    private static final long serialVersionUID = 1L;

    TooLarge(String message) {
      super(message);
    }
  }

  InfluxCalls(InfluxHttp http, Backoff backoff, Duration callTimeout, Target target) {
    this.http = http;
    this.backoff = backoff;
    this.callTimeout = callTimeout;
    this.target = target;
  }

  Target target() {
    return target;
  }

  /**
   * Writes lines of line protocol (nanosecond times).
   *
   * @param what what is written, for messages ({@code "5000 events"})
   * @throws TooLarge when the server refuses the request as too large (nothing was stored)
   * @throws PartialWriteException when the server stored some lines and refused others
   * @throws OutcomeUnknownException when the last attempt lost its reply or failed on the server with a 5xx other
   *     than 503: the lines may be stored
   * @throws StoreUnavailableException when the server could not be reached or refused with 429/503: nothing stored
   */
  void write(byte[] lines, String what) {
    RequestBody body = RequestBody.create(lines, LINES);
    Supplier<Call<Void>> call = target.v2Write()
        ? () -> http.writeV2(target.org().orElse(null), bucket(), "ns", body)
        : () -> http.writeV1(target.database(), target.retentionPolicy().orElse(null), "ns", body);
    execute(call, true, "writing " + what);
  }

  /**
   * Runs InfluxQL and returns the reply's rows; the caller closes them.
   *
   * @param streamed whether the reply is read in chunks, with no bound on the whole call (each read waits at most the
   *     client's read timeout), else the call timeout bounds it all
   */
  QueryRows query(String statement, boolean streamed, int chunkSize) {
    return rows(statement, streamed, chunkSize, false);
  }

  private QueryRows rows(String statement, boolean streamed, int chunkSize, boolean write) {
    Response<ResponseBody> response = execute(() -> http.query(statement, target.database(),
        target.retentionPolicy().orElse(null), "ns", streamed ? Boolean.TRUE : null,
        streamed ? chunkSize : null), write, statement, streamed);
    ResponseBody body = response.body();
    if (body == null) {
      throw new StoreUnavailableException("InfluxDB sent no reply to " + Messages.bounded(statement, 200), null);
    }
    return new QueryRows(body.charStream(), statement);
  }

  /** Runs InfluxQL whose reply has no rows that matter (CREATE DATABASE), checking it for errors. */
  void run(String statement) {
    drain(query(statement, false, 0));
  }

  /**
   * Runs an InfluxQL {@code DELETE}: sent again when it may pass, as a write is (a delete repeated deletes nothing
   * more); a lost reply or a 5xx on the last attempt is {@link OutcomeUnknownException}, as the points may be gone.
   */
  void delete(String statement) {
    drain(rows(statement, false, 0, true));
  }

  /** Reads a reply to its end, which surfaces a statement's error. */
  private static void drain(QueryRows reply) {
    try (QueryRows rows = reply) {
      while (rows.next() != null) {
        // nothing to keep
      }
    }
  }

  /** The server's {@code X-Influxdb-Version} and {@code X-Influxdb-Build}, from {@code /ping}. */
  String[] ping() {
    Response<Void> response = execute(http::ping, false, "asking the server's version (/ping)");
    return new String[] {response.headers().get("X-Influxdb-Version"), response.headers().get("X-Influxdb-Build")};
  }

  private String bucket() {
    return target.retentionPolicy().map(rp -> target.database() + "/" + rp).orElse(target.database());
  }

  private <T> Response<T> execute(Supplier<Call<T>> calls, boolean write, String what) {
    return execute(calls, write, what, false);
  }

  private <T> Response<T> execute(Supplier<Call<T>> calls, boolean write, String what, boolean streamed) {
    for (int attempt = 1; ; attempt++) {
      Call<T> call = calls.get();
      if (!streamed) {
        call.timeout().timeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      Duration retryAfter = Duration.ZERO;
      StoreException failure;
      try {
        Response<T> response = call.execute();
        if (response.isSuccessful()) {
          return response;
        }
        failure = translate(response, write, what);
        if (!(failure instanceof StoreUnavailableException)) {
          throw failure;
        }
        retryAfter = retryAfter(response.headers().get("Retry-After"));
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new StoreException("interrupted while " + what, e);
        }
        failure = lost(e, write, what);
      } catch (IOException e) {
        failure = lost(e, write, what);
      }
      if (attempt >= backoff.maxAttempts()) {
        throw attempt == 1 ? failure : withAttempts(failure, attempt);
      }
      if (retryAfter.compareTo(backoff.maxDelay()) > 0) {
        // waiting that long would hold the writer (and every append behind a full buffer) beyond the bound given
        throw withNote(failure, "the server asked to retry after " + retryAfter.toSeconds() + " s, longer than "
            + Backoff.MAX_DELAY + " " + backoff.maxDelay() + "; not retried");
      }
      pause(Duration.ofNanos(Math.max(backoff.delay(attempt - 1).toNanos(), retryAfter.toNanos())), what);
    }
  }

  private static StoreException withAttempts(StoreException failure, int attempts) {
    return withNote(failure, "gave up after " + attempts + " attempts");
  }

  /** The same failure (same type, same cause) with a note added to its message. */
  private static StoreException withNote(StoreException failure, String note) {
    String message = failure.getMessage() + " (" + note + ")";
    if (failure instanceof OutcomeUnknownException) {
      return new OutcomeUnknownException(message, failure.getCause());
    }
    return new StoreUnavailableException(message, failure.getCause());
  }

  /** A request that got no reply: unavailable when it never reached the server, else a write's outcome is unknown. */
  private static StoreException lost(IOException e, boolean write, String what) {
    boolean notSent = e instanceof ConnectException || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException;
    String message = what + " failed: " + (notSent ? "InfluxDB cannot be reached: " : "the connection failed: ")
        + e;
    return write && !notSent ? new OutcomeUnknownException(message + "; the events may or may not be stored", e)
        : new StoreUnavailableException(message, e);
  }

  private static StoreException translate(Response<?> response, boolean write, String what) {
    int status = response.code();
    String said = Messages.bounded(errorText(response));
    String message = what + " failed: InfluxDB answered HTTP " + status + ": " + said;
    if (status == 413) {
      return new TooLarge(message);
    }
    if (status == 429 || status == 503) {
      return new StoreUnavailableException(message, null);
    }
    if (status >= 500) {
      return write ? new OutcomeUnknownException(message + "; the events may or may not be stored", null)
          : new StoreUnavailableException(message, null);
    }
    if (status == 401 || status == 403) {
      return new StoreConfigurationException(message + " (check token, or username and password)");
    }
    if (status == 404) {
      return new StoreConfigurationException(message);
    }
    if (write && said.contains("partial write")) {
      return new PartialWriteException(message + "; the server stored the other events of the request", null);
    }
    return new InvalidQueryException(message);
  }

  /** The server's explanation: {@code X-Influxdb-Error}, else the body's {@code "error"}, else the body. */
  private static String errorText(Response<?> response) {
    String header = response.headers().get("X-Influxdb-Error");
    if (header != null && !header.isBlank()) {
      return header;
    }
    try (ResponseBody body = response.errorBody()) {
      String text = body == null ? "" : body.string();
      int key = text.indexOf("\"error\"");
      if (key >= 0) {
        int start = text.indexOf('"', text.indexOf(':', key) + 1);
        int end = text.lastIndexOf('"');
        if (start >= 0 && end > start) {
          return text.substring(start + 1, end);
        }
      }
      return text.isBlank() ? response.message() : text.strip();
    } catch (IOException e) {
      return response.message();
    }
  }

  /** A {@code Retry-After} of seconds or an HTTP date; zero when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip())));
    } catch (NumberFormatException e) {
      try {
        Duration until = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException unreadable) {
        return Duration.ZERO;
      }
    }
  }

  private static void pause(Duration pause, String what) {
    try {
      TimeUnit.NANOSECONDS.sleep(pause.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting to retry " + what, e);
    }
  }
}
