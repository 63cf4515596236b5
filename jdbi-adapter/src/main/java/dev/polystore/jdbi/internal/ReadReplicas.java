package dev.polystore.jdbi.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.jdbi.ReplicaStatus;
import dev.polystore.spi.support.OptionValues;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Internal: a store's read replicas ({@code replica.urls}) and where its eventual reads go.
 *
 * <ul>
 *   <li><b>Routing.</b> {@link #pick()} gives the next replica that is {@link ReplicaStatus.State#ONLINE}, in turn
 *       (round robin), or none, and the read goes to the primary. It reads a state kept up to date in the
 *       background: nothing on a read's path waits for a check.</li>
 *   <li><b>Checks.</b> One daemon thread per store checks every replica at {@code replica.check.interval}, the first
 *       time at once when the store opens, on a plain connection of its own: what the replica reports of its lag
 *       ({@link ReplicaLag}) against {@code replica.max.lag}.</li>
 *   <li><b>Failures.</b> A read that fails on a replica for a reason the primary would not share is run again on
 *       the primary ({@link JdbiDatabase#read}); a replica that could not be reached leaves the rotation at once
 *       ({@link #failed}) and comes back when a check finds it fit.</li>
 *   <li><b>Reports.</b> Each change of a replica's state is logged once, through {@link System.Logger}
 *       {@value #LOGGER}: leaving the rotation at {@code WARNING}, joining it at {@code INFO}; {@link #status()}
 *       gives every replica's state, lag and reads served.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class ReadReplicas implements AutoCloseable {

  /** The name of the logger of the replicas' state changes. */
  static final String LOGGER = "dev.polystore.jdbi.replicas";
  private static final System.Logger LOG = System.getLogger(LOGGER);
  private static final AtomicInteger CHECKER_NUMBER = new AtomicInteger();
  private static final Pattern URL_USER = Pattern.compile("[?&;]user=([^&;#]*)");
  private static final Pattern URL_PASSWORD = Pattern.compile("[?&;]password=([^&;#]*)");
  private static final Pattern URL_USERINFO = Pattern.compile("//[^/?#@]+@");

  /** No replicas: every read goes to the primary. */
  static final ReadReplicas NONE = new ReadReplicas(List.of(), Duration.ZERO);

  private final List<Replica> replicas;
  private final Duration maxLag;
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService checker;

  private ReadReplicas(List<Replica> replicas, Duration maxLag) {
    this.replicas = List.copyOf(replicas);
    this.maxLag = maxLag;
    this.checker = null;
  }

  private ReadReplicas(List<Replica> replicas, JdbiStoreOptions options) {
    this.replicas = List.copyOf(replicas);
    this.maxLag = options.replicaMaxLag();
    this.checker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "polystore-replica-check-" + CHECKER_NUMBER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    checker.scheduleWithFixedDelay(this::checkAll, 0, options.replicaCheckInterval().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the options' replicas of a primary of {@code dialect}, and starts checking them; {@link #NONE} without
   * any.
   *
   * @param primaryUrl the primary's URL, whose {@code user} and {@code password} a replica URL without a user of its
   *     own takes when the options give no {@code username}; null for an application's data source
   * @param setUp makes a {@link Jdbi} over a replica's data source as the store makes its own
   * @param view the seam of {@link JdbiDatabase#open(StoreConfig, JdbiStoreOptions, UnaryOperator)}: what the
   *     replicas' statements go through
   * @param units makes the units of work over a replica's {@link Jdbi}
   * @throws StoreConfigurationException when a replica URL is not of the primary's kind
   */
  static ReadReplicas open(SqlDialect dialect, String primaryUrl, JdbiStoreOptions options,
                           Function<DataSource, Jdbi> setUp, UnaryOperator<DataSource> view,
                           Function<Jdbi, UnitRunner> units) {
    List<String> urls = options.replicaUrls();
    if (urls.isEmpty()) {
      return NONE;
    }
    for (String url : urls) {
      SqlDialect replicaDialect = SqlDialect.forUrl(url);
      if (replicaDialect != dialect) {
        throw new StoreConfigurationException("Option " + JdbiStoreOptions.REPLICA_URLS + " names "
            + StoreConfig.mask(url) + ", which is not a " + dialect.backendName() + " URL like the primary's"
            + (dialect == SqlDialect.SQLITE ? ": SQLite has no replicas" : ": give replicas of the primary, with its"
            + " scheme"));
      }
    }
    List<Replica> opened = new ArrayList<>();
    try {
      for (String url : urls) {
        Login login = login(url, primaryUrl, options);
        JdbiDataSources.OwnedDataSource pool = JdbiDataSources.openReplica(url, dialect, options, login.user(),
            login.password());
        try {
          Jdbi jdbi = setUp.apply(view.apply(pool.dataSource()));
          opened.add(new Replica(url, JdbiDataSources.replicaCheckProperties(url, dialect, options, login.user(),
              login.password()), pool, jdbi, units.apply(jdbi), ReplicaLag.of(dialect)));
        } catch (RuntimeException e) {
          pool.close();
          throw e;
        }
      }
    } catch (RuntimeException e) {
      opened.forEach(Replica::close);
      throw e;
    }
    return new ReadReplicas(opened, options);
  }

  /** A replica's login; a null user leaves it to the URL (or the driver). The password is a secret. */
  record Login(String user, String password) {
    static final Login FROM_URL = new Login(null, null);

    @Override
    public String toString() {
      return "Login[" + user + ", " + (password == null ? "-" : "****") + "]";
    }
  }

  /**
   * The login of a replica: none when its URL names a user of its own; else the options' {@code username} and
   * {@code password}; else the primary URL's {@code user} and {@code password} parameters.
   */
  static Login login(String replicaUrl, String primaryUrl, JdbiStoreOptions options) {
    if (URL_USER.matcher(replicaUrl).find() || URL_USERINFO.matcher(replicaUrl).find()) {
      return Login.FROM_URL;
    }
    if (options.username().isPresent()) {
      return new Login(options.username().get(), options.password().orElse(null));
    }
    if (primaryUrl != null) {
      Matcher user = URL_USER.matcher(primaryUrl);
      if (user.find()) {
        Matcher password = URL_PASSWORD.matcher(primaryUrl);
        return new Login(decode(user.group(1)), password.find() ? decode(password.group(1)) : null);
      }
    }
    return Login.FROM_URL;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Whether the store has replicas at all. */
  boolean any() {
    return !replicas.isEmpty();
  }

  /** The next replica in turn that gets reads; null when none does. */
  Replica pick() {
    int n = replicas.size();
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Replica replica = replicas.get((start + i) % n);
      if (replica.state().state() == ReplicaStatus.State.ONLINE) {
        return replica;
      }
    }
    return null;
  }

  /**
   * Notes that a read failed on {@code replica} and goes to the primary. A replica that could not be reached (not a
   * full pool, which is load, not failure) leaves the rotation until a check finds it fit again.
   */
  void failed(Replica replica, String operation, StoreException e) {
    if (e instanceof StoreUnavailableException && !fullPool(e)) {
      replica.replaceIdleConnections();
      change(replica, Replica.State.of(ReplicaStatus.State.DOWN, null, operation + " failed on it: " + e.getMessage()));
    } else if (!(e instanceof InvalidQueryException)) {
      LOG.log(Level.DEBUG, () -> operation + " failed on the replica " + replica.shownUrl()
          + " and runs on the primary: " + e.getMessage());
    }
  }

  private static boolean fullPool(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JdbiDataSources.NoFreeConnection) {
        return true;
      }
    }
    return false;
  }

  /** Every replica's state, in the order of {@code replica.urls}. */
  List<ReplicaStatus> status() {
    return replicas.stream().map(Replica::status).toList();
  }

  /** One round of checks; never throws (the checking thread would stop). */
  private void checkAll() {
    for (Replica replica : replicas) {
      try {
        change(replica, checked(replica));
      } catch (RuntimeException | Error e) {
        change(replica, Replica.State.of(ReplicaStatus.State.DOWN, null, "its check failed: " + e));
      }
    }
  }

  private Replica.State checked(Replica replica) {
    ReplicaLag.Report report;
    try {
      report = replica.check();
    } catch (SQLException e) {
      return Replica.State.of(ReplicaStatus.State.DOWN, null, "it cannot be reached or checked: "
          + SqlErrors.message(e));
    }
    return switch (report.kind()) {
      case NOT_REPLICATING -> Replica.State.of(ReplicaStatus.State.NOT_REPLICATING, null, report.detail());
      case BEHIND -> Replica.State.of(ReplicaStatus.State.LAGGING, null, "it is behind its primary: "
          + report.detail());
      case LAG -> report.lag().compareTo(maxLag) > 0
          ? Replica.State.of(ReplicaStatus.State.LAGGING, report.lag(), "it is " + OptionValues.durationText(
              report.lag()) + " behind its primary, more than " + JdbiStoreOptions.REPLICA_MAX_LAG + " ("
              + OptionValues.durationText(maxLag) + ")")
          : Replica.State.online(report.lag());
    };
  }

  /** Sets a replica's state, logging a change of state (not of lag alone) once. */
  private void change(Replica replica, Replica.State state) {
    Replica.State before;
    synchronized (replica) {
      before = replica.state();
      replica.state(state);
    }
    if (before.state() == state.state()) {
      return;
    }
    if (state.state() == ReplicaStatus.State.ONLINE) {
      LOG.log(Level.INFO, () -> "Replica " + replica.shownUrl() + " gets eventual reads"
          + (before.state() == ReplicaStatus.State.UNCHECKED ? "" : " again") + " (lag "
          + OptionValues.durationText(state.lag().orElse(Duration.ZERO)) + ")");
    } else if (before.state() == ReplicaStatus.State.ONLINE || before.state() == ReplicaStatus.State.UNCHECKED) {
      LOG.log(Level.WARNING, () -> "Replica " + replica.shownUrl() + " gets no reads, " + state.state() + ": "
          + state.problem().orElse("") + "; eventual reads go to " + (pickWithout(replica) ? "the other replicas"
          : "the primary"));
    } else {
      LOG.log(Level.INFO, () -> "Replica " + replica.shownUrl() + " still gets no reads, now " + state.state()
          + ": " + state.problem().orElse(""));
    }
  }

  private boolean pickWithout(Replica replica) {
    return replicas.stream().anyMatch(r -> r != replica && r.state().state() == ReplicaStatus.State.ONLINE);
  }

  /** Stops the checks and closes every replica's pool and connection. Idempotent. */
  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
      try {
        checker.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    replicas.forEach(Replica::close);
  }
}
