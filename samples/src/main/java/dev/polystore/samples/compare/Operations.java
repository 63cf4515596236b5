package dev.polystore.samples.compare;

import static dev.polystore.samples.compare.SampleData.EVENTS_START;
import static dev.polystore.samples.compare.SampleData.SERIES;

import dev.polystore.Capability;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.event.WindowValue;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.samples.backends.BackendKind;
import dev.polystore.user.AgeStats;
import dev.polystore.user.Include;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The workload of {@code compare}: writes, then reads of users, posts and tags, then events, in this order. Every
 * answer is rendered without ids and with every order made total (a sort by age also sorts by username), so
 * backends that agree give the same lines. Thread-safe (stateless).
 */
public final class Operations {

  /** Users per {@code createAll}: within DynamoDB's limit of 33 per atomic batch. */
  static final int USERS_PER_BATCH = 25;
  /** Events per {@code appendAll} (then flushed). */
  static final int EVENTS_PER_BATCH = 500;

  private Operations() {
  }

  /** Every operation, in the order they run. */
  public static List<Operation> all(WorkloadSize size) {
    List<Operation> operations = new ArrayList<>();
    operations.addAll(userWrites(size));
    operations.addAll(userReads(size));
    operations.addAll(postReads(size));
    operations.addAll(userChanges(size));
    operations.addAll(events(size));
    return operations;
  }

  // ---- users: writes -----------------------------------------------------------------------------

  private static List<Operation> userWrites(WorkloadSize size) {
    int batches = (size.users() + USERS_PER_BATCH - 1) / USERS_PER_BATCH;
    List<int[]> posts = new ArrayList<>();
    for (int i = 0; i < size.users(); i++) {
      for (int j = 0; j < SampleData.posts(i).size(); j++) {
        posts.add(new int[] {i, j});
      }
    }
    return List.of(
        users("user.createAll", "createAll of " + USERS_PER_BATCH + " users", batches, Optional.empty(),
            (c, k) -> {
              List<NewUser> batch = IntStream.range(k * USERS_PER_BATCH,
                  Math.min(size.users(), (k + 1) * USERS_PER_BATCH)).mapToObj(SampleData::user).toList();
              for (User user : c.users().createAll(batch)) {
                c.rememberUser(user.username(), user.id());
              }
              return List.of("created " + batch.size());
            }, null),
        users("post.add", "addPost of one post", posts.size(), Optional.empty(), (c, k) -> {
          int[] p = posts.get(k);
          String author = SampleData.username(p[0]);
          Post post = c.users().addPost(c.userId(author), SampleData.posts(p[0]).get(p[1]));
          c.rememberPost(post.id(), author);
          return List.of(post.title());
        }, null),
        users("post.tag", "tag one post with 1 to 3 tags", posts.size(), Optional.empty(), (c, k) -> {
          int[] p = posts.get(k);
          c.users().tag(c.postIds().get(k), SampleData.tags(p[0], p[1]));
          return List.of(c.users().tagsOf(c.postIds().get(k)).toString());
        }, null));
  }

  // ---- users: reads ------------------------------------------------------------------------------

  private static List<Operation> userReads(WorkloadSize size) {
    int reads = size.reads();
    return List.of(
        users("user.findByUsername", "findByUsername, upper case (look-ups ignore case)", reads * 4,
            Optional.empty(), (c, k) -> {
              String name = SampleData.username((k * 7) % size.users());
              return List.of(name + " -> " + c.users().findByUsername(name.toUpperCase(Locale.ROOT))
                  .map(Operations::describe).orElse("none"));
            }, null),
        users("user.find.ageRange", "active users of an age band, by age desc, first 20, exact total", reads,
            Optional.of(Capability.EXACT_COUNT), (c, k) -> page(c.users().find(ageBand(k))),
            (p, c) -> p.plan(ageBand(0))),
        users("user.find.cursorPages", "every user by username, cursor pages of 50 (one call = the whole walk)",
            Math.max(1, reads / 5), Optional.of(Capability.CURSOR_PAGES), (c, k) -> {
              List<String> lines = new ArrayList<>();
              UserQuery query = UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).first(50).build();
              Page<User> page = c.users().find(query);
              lines.addAll(page.items().stream().map(User::username).toList());
              while (page.nextCursor().isPresent()) {
                page = c.users().find(query.withPage(PageRequest.after(page.nextCursor().get(), 50)));
                lines.addAll(page.items().stream().map(User::username).toList());
              }
              return lines;
            }, (p, c) -> p.plan(UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).first(50).build())),
        users("user.find.offset", "users by age then username, offset page of 20", reads,
            Optional.of(Capability.OFFSET_PAGES), (c, k) -> page(c.users().find(offsetPage(k, size))),
            (p, c) -> p.plan(offsetPage(1, size))),
        users("user.find.nameContains", "full name containsIgnoreCase, by username", reads,
            Optional.of(Capability.IGNORE_CASE), (c, k) -> page(c.users().find(nameContains(k))),
            (p, c) -> p.plan(nameContains(0))),
        users("user.count", "count of active users at least a given age", reads, Optional.of(Capability.EXACT_COUNT),
            (c, k) -> List.of(Long.toString(c.users().count(activeFrom(k)))),
            (p, c) -> p.planCount(activeFrom(0))),
        users("user.ageStats", "ageStats of active users", reads, Optional.of(Capability.AGGREGATES),
            (c, k) -> List.of(describe(c.users().ageStats(Filter.eq(UserField.ACTIVE, true)))),
            (p, c) -> p.planCount(Filter.eq(UserField.ACTIVE, true))),
        users("user.countBy", "countBy age of users under 30", reads, Optional.of(Capability.AGGREGATES),
            (c, k) -> c.users().countBy(UserField.AGE, Filter.lt(UserField.AGE, 30)).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList(),
            (p, c) -> p.planCount(Filter.lt(UserField.AGE, 30))));
  }

  private static UserQuery ageBand(int k) {
    int from = 20 + (k * 7) % 45;
    return UserQuery.builder()
        .filter(Filter.and(Filter.between(UserField.AGE, from, from + 10), Filter.eq(UserField.ACTIVE, true)))
        .sort(Sort.desc(UserField.AGE), Sort.asc(UserField.USERNAME))
        .countMode(CountMode.EXACT)
        .first(20)
        .build();
  }

  private static UserQuery offsetPage(int k, WorkloadSize size) {
    return UserQuery.builder()
        .sort(Sort.asc(UserField.AGE), Sort.asc(UserField.USERNAME))
        .page(PageRequest.offset((k * 13L) % size.users(), 20))
        .build();
  }

  private static UserQuery nameContains(int k) {
    List<String> parts = List.of("AN", "er", "Ov", "si", "o");
    return UserQuery.builder()
        .filter(Filter.containsIgnoreCase(UserField.FULL_NAME, parts.get(k % parts.size())))
        .sort(Sort.asc(UserField.USERNAME))
        .first(100)
        .build();
  }

  private static Filter<UserField> activeFrom(int k) {
    return Filter.and(Filter.eq(UserField.ACTIVE, true), Filter.ge(UserField.AGE, 18 + (k * 5) % 60));
  }

  // ---- posts -------------------------------------------------------------------------------------

  private static List<Operation> postReads(WorkloadSize size) {
    int reads = size.reads();
    return List.of(
        users("post.findByTag", "posts with a tag, by title, with their tags, exact total", reads,
            Optional.empty(), (c, k) -> posts(c.users().findPosts(byTag(k))),
            (p, c) -> p.plan(byTag(0))),
        users("post.findByAuthor", "a user's posts, by title", reads, Optional.empty(), (c, k) -> {
          String author = c.postAuthors().get((k * 11) % c.postAuthors().size());
          return posts(c.users().findPosts(PostQuery.builder().author(c.userId(author))
              .sort(Sort.asc(PostField.TITLE)).first(10).build()));
        }, (p, c) -> p.plan(PostQuery.builder().author(c.userId(c.postAuthors().get(0))).first(10).build())),
        users("post.search", "full-text search of one word, by title", reads, Optional.of(Capability.FULL_TEXT),
            (c, k) -> posts(c.users().findPosts(search(k))), (p, c) -> p.plan(search(0))),
        new Operation("post.topAuthors", "the 10 authors with most posts", Operation.Role.USERS,
            Optional.of(Capability.AGGREGATES), reads, (c, k) -> c.users().topAuthors(10, Filter.all()).stream()
                .map(a -> a.username() + " " + a.posts()).toList(), Optional.empty(),
            List.of(new Operation.Documented(BackendKind.DYNAMODB, Support.SCAN,
                "reads every post the filter cannot narrow by key (README, capability table, note 3)"))));
  }

  private static PostQuery byTag(int k) {
    return PostQuery.builder().tag(SampleData.TAGS.get(k % SampleData.TAGS.size()))
        .sort(Sort.asc(PostField.TITLE)).include(Include.TAGS).countMode(CountMode.EXACT).first(50).build();
  }

  private static PostQuery search(int k) {
    return PostQuery.builder().search(SampleData.WORDS.get(k % SampleData.WORDS.size()))
        .sort(Sort.asc(PostField.TITLE)).first(1000).build();
  }

  // ---- users: changes ----------------------------------------------------------------------------

  private static List<Operation> userChanges(WorkloadSize size) {
    int reads = size.reads();
    return List.of(
        users("user.update.tx", "in one transaction: find a user by name, raise the age", reads,
            Optional.of(Capability.TRANSACTIONS), (c, k) -> {
              String name = SampleData.username(1 + (k * 17) % (size.users() - 1));
              User updated = c.users().inTransaction(tx -> {
                User user = tx.findByUsername(name).orElseThrow();
                return tx.update(user.toBuilder().age(user.age() == null ? 40 : user.age() + 1).build());
              });
              return List.of(describe(updated) + " version " + updated.version());
            }, null),
        users("user.delete", "delete a user with their posts and tags", reads, Optional.empty(), (c, k) -> {
          String name = SampleData.username(size.users() - 1 - k);
          return List.of(name + " deleted: " + c.users().delete(c.userId(name)));
        }, null),
        users("user.count.all", "count of all users after the changes", 1, Optional.of(Capability.EXACT_COUNT),
            (c, k) -> List.of(Long.toString(c.users().count(Filter.all()))), (p, c) -> p.planCount(Filter.all())));
  }

  // ---- events ------------------------------------------------------------------------------------

  private static List<Operation> events(WorkloadSize size) {
    int reads = size.reads();
    int batches = (size.events() + EVENTS_PER_BATCH - 1) / EVENTS_PER_BATCH;
    long span = size.events();
    return List.of(
        events("event.appendAll", "appendAll of " + EVENTS_PER_BATCH + " events, then flush", batches,
            Optional.empty(), (c, k) -> {
              List<Event> batch = IntStream.range(k * EVENTS_PER_BATCH,
                  Math.min(size.events(), (k + 1) * EVENTS_PER_BATCH)).mapToObj(SampleData::event).toList();
              c.events().appendAll(batch);
              c.events().flush();
              return List.of("appended " + batch.size());
            }),
        events("event.query.range", "one host's events in a 10-minute range", reads, Optional.empty(), (c, k) -> {
          Instant from = EVENTS_START.plusSeconds((k * 311L) % Math.max(1, span - 600));
          return query(c, EventQuery.builder(SERIES).between(from, from.plusSeconds(600))
              .tag("host", "web-" + (k % 5)).build());
        }),
        events("event.query.newest", "the 20 newest events of a region", reads, Optional.empty(), (c, k) ->
            query(c, EventQuery.builder(SERIES).tag("region", k % 2 == 0 ? "eu" : "us").newestFirst().limit(20)
                .build())),
        events("event.aggregate.mean", "mean load per 10 minutes, grouped by host", reads,
            Optional.of(Capability.EVENT_AGGREGATES), (c, k) -> windows(c.events().aggregate(
                EventQuery.builder(SERIES).between(EVENTS_START, SampleData.eventsEnd(size.events()))
                    .groupBy("host").build(), "load", Aggregate.MEAN, Duration.ofMinutes(10)))),
        events("event.aggregate.sum", "sum of requests per minute in an hour", reads,
            Optional.of(Capability.EVENT_AGGREGATES), (c, k) -> {
              Instant from = EVENTS_START.plusSeconds((k * 173L) % Math.max(1, span - 3600));
              return windows(c.events().aggregate(EventQuery.builder(SERIES).between(from, from.plusSeconds(3600))
                  .build(), "requests", Aggregate.SUM, Duration.ofMinutes(1)));
            }),
        events("event.deleteBefore", "deleteBefore the first 10 minutes", 1, Optional.of(Capability.EVENT_DELETE),
            (c, k) -> List.of("deleted " + c.events().deleteBefore(SERIES, EVENTS_START.plusSeconds(600)))),
        events("event.query.all", "every remaining event, counted while streaming", 1, Optional.empty(), (c, k) -> {
          try (Stream<Event> all = c.events().query(EventQuery.builder(SERIES).build())) {
            return List.of("events " + all.count());
          }
        }));
  }

  // ---- rendering ---------------------------------------------------------------------------------

  private static List<String> page(Page<User> page) {
    List<String> lines = new ArrayList<>();
    page.total().ifPresent(total -> lines.add("total " + total));
    page.items().forEach(user -> lines.add(describe(user)));
    lines.add("hasNext " + page.hasNext());
    return lines;
  }

  private static List<String> posts(Page<Post> page) {
    List<String> lines = new ArrayList<>();
    page.total().ifPresent(total -> lines.add("total " + total));
    page.items().forEach(post -> lines.add(post.title() + post.tags().map(t -> " " + t).orElse("")));
    return lines;
  }

  private static List<String> query(RunContext context, EventQuery query) {
    try (Stream<Event> events = context.events().query(query)) {
      return events.map(e -> e.time() + " " + new java.util.TreeMap<>(e.tags()) + " "
          + new java.util.TreeMap<>(e.fields())).toList();
    }
  }

  private static List<String> windows(List<WindowValue> windows) {
    return windows.stream().map(w -> w.start() + " " + w.group() + " " + String.format(Locale.ROOT, "%.6f", w.value())
        + " n=" + w.count()).collect(Collectors.toList());
  }

  static String describe(User user) {
    return user.username() + " age " + (user.age() == null ? "-" : user.age().toString()) + (user.active() ? " active" : "");
  }

  /**
   * Count, min, max, and the mean as the sum of ages it implies (mean × count, rounded): MySQL/MariaDB's
   * {@code AVG} of whole numbers keeps 4 decimals, so means agree only that far, while the sum is exact.
   */
  private static String describe(AgeStats stats) {
    return "count " + stats.count()
        + " sum " + (stats.average().isPresent() ? Long.toString(Math.round(stats.average().getAsDouble()
            * stats.count())) : "-")
        + " min " + (stats.min().isPresent() ? stats.min().getAsInt() : "-")
        + " max " + (stats.max().isPresent() ? stats.max().getAsInt() : "-");
  }

  private static Operation users(String name, String description, int calls, Optional<Capability> needs,
      Operation.Call call, Operation.PlanProbe plan) {
    return new Operation(name, description, Operation.Role.USERS, needs, calls, call, Optional.ofNullable(plan),
        List.of());
  }

  private static Operation events(String name, String description, int calls, Optional<Capability> needs,
      Operation.Call call) {
    // DynamoDB computes event aggregates while streaming the events; no read plan says so
    List<Operation.Documented> documented = needs.equals(Optional.of(Capability.EVENT_AGGREGATES))
        ? List.of(new Operation.Documented(BackendKind.DYNAMODB, Support.EMULATED,
            "computed by the store while streaming the events (README, capability table, note 6)"))
        : List.of();
    return new Operation(name, description, Operation.Role.EVENTS, needs, calls, call, Optional.empty(), documented);
  }

  /** For tests: the operation named {@code name}. */
  static Operation named(List<Operation> operations, String name) {
    return operations.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }
}
