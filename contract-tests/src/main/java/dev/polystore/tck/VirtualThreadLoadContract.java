package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * High concurrency without an async API: {@value #THREADS} virtual threads at once against one user store and one
 * event store whose connection pools hold {@value #POOL_SIZE} connections each, every thread doing what a request
 * of an application does — create a user, look it up by id and by username, read a page of users, append an
 * event and flush. It passes when
 *
 * <ul>
 *   <li>every task ends within the deadline ({@link #DEADLINE}) — no deadlock, no stall; otherwise the failure
 *       shows what the threads still running were doing and where a full thread dump was written
 *       ({@link ThreadDiagnostics});</li>
 *   <li>no task fails: the threads wait for a connection (within the pool's timeout) instead of failing;</li>
 *   <li>no virtual thread blocks while pinned to its carrier for {@link #PIN_THRESHOLD} or more more often than
 *       {@link #maxPinnedBlockings()} allows, as the JDK's own diagnostics see it (JFR's
 *       {@code jdk.VirtualThreadPinned}, {@link PinnedThreadMonitor}), during the virtual-thread run;</li>
 *   <li>every acknowledged write is there afterwards: each user a {@code create} returned, each event an
 *       {@code append} returned from, read back.</li>
 * </ul>
 *
 * <p>The same tasks ({@value #PLATFORM_TASKS} of them) then run on a fixed pool of {@value #PLATFORM_THREADS}
 * platform threads, the classic way, and the throughput of both runs is reported (stdout and
 * {@code target/virtual-threads/<backend>.txt}) with the CPU, GC and JIT time each took, not asserted: timing
 * assertions fail on a busy machine without a defect. Both runs come after a warm-up on both kinds of thread;
 * the steady throughput (the middle half of each run's requests) leaves out what a run's start still pays for.
 *
 * <p>Needs Java 21+: on an older JVM the test is skipped with a notice ({@link VirtualThreads#assumeAvailable()});
 * CI runs it on JDK 25. An adapter subclasses it once per backend and opens the two stores.
 */
public abstract class VirtualThreadLoadContract {

  /** Virtual threads started at once, one task each. */
  public static final int THREADS = 10_000;
  /** Connections per store: its pool's size, or the HTTP client's most connections. */
  public static final int POOL_SIZE = 10;
  /** Threads of the platform-thread run. */
  public static final int PLATFORM_THREADS = 200;
  /**
   * Tasks of the platform-thread run: the same tasks, fewer of them, for a throughput to compare per second while
   * the test stays within CI's time (SQLite with {@code FULL} sync and DynamoDB Local do a few hundred a second
   * here).
   */
  public static final int PLATFORM_TASKS = 2_000;
  /** Pinned blockings at least this long are recorded. */
  public static final Duration PIN_THRESHOLD = Duration.ofMillis(20);
  /** How long one run may take; far above what it needs, so only a stall reaches it. */
  public static final Duration DEADLINE = Duration.ofMinutes(2);
  /** Store calls per task that reach the database (flush, which has nothing to send here, not counted). */
  public static final int OPERATIONS_PER_TASK = 5;

  /** Rounds of the warm-up ({@link #warmUp}), each {@link #WARM_UP_TASKS} on virtual and on platform threads. */
  private static final int WARM_UP_ROUNDS = 1;
  private static final int WARM_UP_TASKS = 500;
  private static final String SERIES = "requests";
  private static final UserQuery FIRST_PAGE = UserQuery.builder().first(20).build();

  /**
   * A user store over an empty data set whose pool lends at most {@code connections} connections at once; closed
   * by the test.
   */
  protected abstract UserStore openUserStore(int connections);

  /** An event store over an empty series {@value #SERIES}, at most {@code connections} connections at once. */
  protected abstract EventStore openEventStore(int connections);

  /**
   * Optional: a short variant name for the report, e.g. {@code "file"}, after the backend's own name
   * ({@code capabilities().backend()} of the user store); default "".
   */
  protected String variant() {
    return "";
  }

  /**
   * How many pinned blockings of {@link #PIN_THRESHOLD} or more the virtual-thread run may show; default 0 on
   * Java 24+ (where {@code synchronized} no longer pins), and unbounded (reported only) on 21 to 23, where every
   * {@code synchronized} block that waits pins, in drivers and libraries the project does not own.
   */
  protected int maxPinnedBlockings() {
    return VirtualThreads.javaRelease() >= 24 ? 0 : Integer.MAX_VALUE;
  }

  @Test
  void tenThousandVirtualThreadsShareSmallPools() throws Exception {
    VirtualThreads.assumeAvailable();
    Path reports = reportDirectory();
    try (UserStore users = openUserStore(POOL_SIZE); EventStore events = openEventStore(POOL_SIZE)) {
      Requests requests = new Requests(users, events);
      PinnedThreadMonitor.Pins warmUpPins = warmUp(requests, reports);

      ConcurrentLoad.Run virtual;
      PinnedThreadMonitor.Pins pins;
      try (PinnedThreadMonitor monitor = PinnedThreadMonitor.start(PIN_THRESHOLD)) {
        virtual = load("virtual", THREADS, reports).onVirtualThreads((i, steps) -> requests.handle("v", i, steps));
        pins = monitor.stop();
      }
      ConcurrentLoad.Run platform = load("platform", PLATFORM_TASKS, reports)
          .onPlatformThreads(PLATFORM_THREADS, (i, steps) -> requests.handle("p", i, steps));

      ReadBack readBack = requests.readBack();
      String backend = users.capabilities().backend() + (variant().isEmpty() ? "" : " (" + variant() + ")");
      String report = report(backend, virtual, platform, warmUpPins, pins, readBack);
      System.out.println(report);
      write(reports.resolve(fileName(backend) + ".txt"), report);

      assertEquals(0, virtual.failures(), virtual::describeFailures);
      assertEquals(0, platform.failures(), platform::describeFailures);
      assertTrue(pins.count() <= maxPinnedBlockings(), () -> "virtual threads blocked while pinned more often"
          + " than " + maxPinnedBlockings() + " time(s): " + pins.describe(5));
      readBack.assertComplete();
    }
  }

  /**
   * Tasks on virtual and then on platform threads, so that classes are loaded and initialised and the JIT has
   * compiled hot code with both kinds of thread in its profiles before anything is measured, then a pause until
   * the JIT is idle. Without it the first measured run pays for the one-time class initialisations, which pin
   * (a virtual thread that waits for another thread to initialise a class cannot unmount), and for more of the
   * compilations (C2 took 40 % of the CPU of a first run here). Returns the pinned blockings seen meanwhile
   * (reported, not bounded).
   */
  private static PinnedThreadMonitor.Pins warmUp(Requests requests, Path reports) throws InterruptedException {
    PinnedThreadMonitor.Pins pins;
    try (PinnedThreadMonitor monitor = PinnedThreadMonitor.start(PIN_THRESHOLD)) {
      for (int round = 0; round < WARM_UP_ROUNDS; round++) {
        String prefix = "w" + round;
        ConcurrentLoad warmUp = load("warm-up", WARM_UP_TASKS, reports);
        ConcurrentLoad.Run virtual = warmUp.onVirtualThreads((i, steps) -> requests.handle(prefix + "v", i, steps));
        assertEquals(0, virtual.failures(), () -> "the warm-up failed: " + virtual.describeFailures());
        ConcurrentLoad.Run platform = warmUp.onPlatformThreads(PLATFORM_THREADS,
            (i, steps) -> requests.handle(prefix + "p", i, steps));
        assertEquals(0, platform.failures(), () -> "the warm-up failed: " + platform.describeFailures());
      }
      pins = monitor.stop();
    }
    ConcurrentLoad.awaitQuietCompiler(Duration.ofMillis(500), Duration.ofSeconds(5));
    return pins;
  }

  private static ConcurrentLoad load(String run, int tasks, Path reports) {
    return ConcurrentLoad.builder(run).tasks(tasks).stepsPerTask(OPERATIONS_PER_TASK).deadline(DEADLINE)
        .dumpDirectory(reports).build();
  }

  private static String report(String backend, ConcurrentLoad.Run virtual, ConcurrentLoad.Run platform,
      PinnedThreadMonitor.Pins warmUpPins, PinnedThreadMonitor.Pins pins, ReadBack readBack) {
    return String.format(Locale.ROOT, "%s, %s, %d processors%n"
            + "Each task: create a user, get it by id, find it by username, read a page of 20 users, append an event"
            + " and flush (%d requests); user store and event store with %d connections each; after a warm-up of"
            + " %d tasks on each kind of thread%n"
            + "  %s%n  %s%n  virtual / platform throughput: %.2f (steady), %.2f (whole runs)%n  pinned: %s%n  pinned during the warm-up"
            + " (first use, not bounded): %s%n  read back: %s%n",
        backend, VirtualThreads.javaDescription(), Runtime.getRuntime().availableProcessors(), OPERATIONS_PER_TASK, POOL_SIZE, WARM_UP_ROUNDS * WARM_UP_TASKS, virtual.describe(OPERATIONS_PER_TASK),
        platform.describe(OPERATIONS_PER_TASK), virtual.steadyTasksPerSecond() / platform.steadyTasksPerSecond(),
        virtual.tasksPerSecond() / platform.tasksPerSecond(),
        pins.describe(3).replace("\n", "\n  "), warmUpPins.describe(3).replace("\n", "\n  "), readBack.describe());
  }

  private static String fileName(String backend) {
    return backend.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  private static Path reportDirectory() {
    String basedir = System.getProperty("basedir");
    Path root = basedir == null || basedir.isBlank() ? Paths.get("") : Paths.get(basedir);
    return root.resolve("target").resolve("virtual-threads");
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** What one request of the application does, and what the stores acknowledged. Thread-safe. */
  private static final class Requests {
    private final UserStore users;
    private final EventStore events;
    private final Set<UserId> acknowledgedUsers = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledgedEvents = ConcurrentHashMap.newKeySet();

    Requests(UserStore users, EventStore events) {
      this.users = users;
      this.events = events;
    }

    /** One request: {@value #OPERATIONS_PER_TASK} calls that reach the database, each a step. */
    void handle(String run, int index, ConcurrentLoad.Steps steps) {
      String name = run + index;
      User user = users.create(NewUser.builder().username(name).email(name + "@example.com").age(18 + index % 60)
          .build());
      acknowledgedUsers.add(user.id());
      steps.done();
      if (users.get(user.id()).isEmpty()) {
        throw new AssertionError("get(" + user.id() + ") found nothing right after create");
      }
      steps.done();
      if (!users.findByUsername(name).map(User::id).equals(Optional.of(user.id()))) {
        throw new AssertionError("findByUsername(" + name + ") did not find the user just created");
      }
      steps.done();
      Page<User> page = users.find(FIRST_PAGE);
      if (page.items().isEmpty()) {
        throw new AssertionError("the first page of users is empty after a create");
      }
      steps.done();
      events.append(Event.builder(SERIES).time(Instant.now().truncatedTo(ChronoUnit.MILLIS)).tag("request", name)
          .field("user", user.id().toString()).field("age", 18L + index % 60).build());
      events.flush();
      acknowledgedEvents.add(name);
      steps.done();
    }

    ReadBack readBack() {
      Set<UserId> stored = new HashSet<>();
      Page<User> page = users.find(UserQuery.builder().first(1000).build());
      while (true) {
        page.items().forEach(u -> stored.add(u.id()));
        if (!page.hasNext()) {
          break;
        }
        page = users.find(UserQuery.builder().after(page.nextCursor().orElseThrow(), 1000).build());
      }
      long counted = users.count(Filter.all());
      Set<String> storedEvents;
      try (Stream<Event> all = events.query(EventQuery.builder(SERIES).build())) {
        storedEvents = all.map(e -> e.tags().get("request")).collect(Collectors.toSet());
      }
      return new ReadBack(Set.copyOf(acknowledgedUsers), stored, counted, Set.copyOf(acknowledgedEvents),
          storedEvents);
    }
  }

  /** The acknowledged writes and what the stores hold afterwards. */
  private record ReadBack(Set<UserId> acknowledgedUsers, Set<UserId> storedUsers, long countedUsers,
      Set<String> acknowledgedEvents, Set<String> storedEvents) {

    String describe() {
      return acknowledgedUsers.stream().filter(storedUsers::contains).count() + " of " + acknowledgedUsers.size()
          + " acknowledged users (count " + countedUsers + "), "
          + acknowledgedEvents.stream().filter(storedEvents::contains).count() + " of " + acknowledgedEvents.size()
          + " acknowledged events";
    }

    void assertComplete() {
      assertFalse(acknowledgedUsers.isEmpty(), "no user was acknowledged");
      Set<UserId> missingUsers = new HashSet<>(acknowledgedUsers);
      missingUsers.removeAll(storedUsers);
      if (!missingUsers.isEmpty()) {
        fail(missingUsers.size() + " acknowledged users are missing, such as " + missingUsers.iterator().next());
      }
      assertEquals(storedUsers.size(), countedUsers, "count(all) agrees with the users read page by page");
      Set<String> missingEvents = new HashSet<>(acknowledgedEvents);
      missingEvents.removeAll(storedEvents);
      if (!missingEvents.isEmpty()) {
        fail(missingEvents.size() + " acknowledged events are missing, such as " + missingEvents.iterator().next());
      }
    }
  }
}
