package dev.polystore.samples.demo;

import dev.polystore.Capability;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.event.Aggregate;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.Sort;
import dev.polystore.user.AgeStats;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The tutorials' scenarios, on Polystore: connect, create, read, update, query with filters, sorting and pages,
 * posts (one-to-many), tags (many-to-many), aggregates, transactions, deletes, and time-stamped events. Each step
 * prints what it does and what came back; a step the backend cannot do is skipped with the capability it lacks.
 * Not thread-safe.
 */
public final class Walkthrough {

  private static final List<String> NAMES = List.of("ann", "bob", "cid", "dana", "eve");

  private final PrintStream out;
  private int step;

  public Walkthrough(PrintStream out) {
    this.out = out;
  }

  /** The user scenarios on {@code users}. */
  public void users(UserStore users) {
    heading("Connect");
    say("backend " + users.capabilities().backend() + ", capabilities " + users.capabilities().supported());

    heading("Start clean: delete the demo's users left by an earlier run");
    for (String name : NAMES) {
      users.findByUsername(name).ifPresent(user -> say("deleted " + name + ": " + users.delete(user.id())));
    }

    heading("Create users (create, and createAll: all or none)");
    User ann = users.create(NewUser.builder().username("ann").email("ann@example.com").fullName("Ann Smith").age(31)
        .build());
    say("created " + show(ann) + ", version " + ann.version());
    List<User> more = users.createAll(List.of(
        NewUser.builder().username("bob").email("bob@example.com").fullName("Bob Jones").age(27).build(),
        NewUser.builder().username("cid").email("cid@example.com").fullName("Cid Berg").build(),
        NewUser.builder().username("dana").email("dana@example.com").fullName("Dana Novak").age(45).build(),
        NewUser.builder().username("eve").email("eve@example.com").fullName("Eve Rossi").age(38).active(false)
            .build()));
    say("created " + more.stream().map(Walkthrough::show).toList());
    try {
      users.create(NewUser.builder().username("ANN").email("other@example.com").build());
    } catch (DuplicateKeyException e) {
      say("a second \"ANN\" is refused, usernames are unique ignoring case: " + e.getMessage());
    }

    heading("Read: by id, by username (ignoring case), by e-mail");
    say("get(ann's id)            -> " + users.get(ann.id()).map(Walkthrough::show).orElse("none"));
    say("findByUsername(\"BOB\")    -> " + users.findByUsername("BOB").map(Walkthrough::show).orElse("none"));
    say("findByEmail(cid@...)     -> " + users.findByEmail("cid@example.com").map(Walkthrough::show).orElse("none"));
    say("findByUsername(\"nobody\") -> " + users.findByUsername("nobody").map(Walkthrough::show).orElse("none"));

    heading("Update, with optimistic versions");
    User older = users.update(ann.toBuilder().age(32).build());
    say("ann is now " + older.age() + ", version " + older.version());
    try {
      users.update(ann.toBuilder().age(99).build());
    } catch (ConcurrentUpdateException e) {
      say("an update from the stale copy (version " + ann.version() + ") is refused: " + e.getMessage());
    }

    heading("Query: filters, sorting, counting, pages");
    Page<User> adults = users.find(UserQuery.builder().filter(Filter.ge(UserField.AGE, 30))
        .sort(Sort.desc(UserField.AGE)).countMode(countMode(users)).first(10).build());
    say("age >= 30, oldest first: " + adults.items().stream().map(Walkthrough::show).toList()
        + adults.total().stream().mapToObj(t -> ", total " + t).findFirst().orElse(""));
    say("username starts with \"d\": " + names(users.find(UserQuery.builder()
        .filter(Filter.startsWith(UserField.USERNAME, "d")).build())));
    if (users.capabilities().has(Capability.IGNORE_CASE)) {
      say("full name contains \"O\" (ignoring case): " + names(users.find(UserQuery.builder()
          .filter(Filter.containsIgnoreCase(UserField.FULL_NAME, "O")).sort(Sort.asc(UserField.USERNAME)).build())));
    }
    say("no age: " + names(users.find(UserQuery.builder().filter(Filter.isNull(UserField.AGE)).build())));
    UserQuery byName = UserQuery.builder().sort(Sort.asc(UserField.USERNAME)).first(2).build();
    Page<User> page = users.find(byName);
    int number = 1;
    say("page " + number + ": " + names(page));
    while (page.nextCursor().isPresent()) {
      page = users.find(byName.toBuilder().after(page.nextCursor().get(), 2).build());
      say("page " + ++number + ": " + names(page) + " (after the previous page's cursor)");
    }

    heading("Posts: one user, many posts");
    Post hello = users.addPost(ann.id(), NewPost.of("Hello", "My first post about databases"));
    Post second = users.addPost(ann.id(), NewPost.of("Indexes", "Why a database index makes reads fast"));
    User bob = users.findByUsername("bob").orElseThrow();
    Post bobs = users.addPost(bob.id(), NewPost.of("Streams", "Reading events as a stream"));
    Page<User> withPosts = users.find(UserQuery.builder().filter(Filter.in(UserField.USERNAME, List.of("ann", "bob")))
        .sort(Sort.asc(UserField.USERNAME)).include(Include.POSTS).build());
    for (User user : withPosts.items()) {
      say(user.username() + " wrote " + user.posts().orElseThrow().stream().map(Post::title).toList());
    }

    heading("Tags: many posts, many tags");
    users.tag(hello.id(), Set.of("intro", "databases"));
    users.tag(second.id(), Set.of("databases", "performance"));
    users.tag(bobs.id(), Set.of("events"));
    say("tags of \"Indexes\": " + users.tagsOf(second.id()));
    say("posts tagged databases: " + users.findPosts(PostQuery.builder().tag("databases").include(Include.TAGS)
        .build()).items().stream().map(p -> p.title() + " " + p.tags().orElseThrow()).toList());
    users.untag(hello.id(), Set.of("intro"));
    say("after untag, tags of \"Hello\": " + users.tagsOf(hello.id()));
    if (users.capabilities().has(Capability.FULL_TEXT)) {
      say("full-text search \"database\": " + users.findPosts(PostQuery.builder().search("database").build())
          .items().stream().map(Post::title).toList());
    } else {
      skipped("full-text search", Capability.FULL_TEXT, users);
    }

    heading("Aggregates");
    if (users.capabilities().has(Capability.AGGREGATES) && users.capabilities().has(Capability.EXACT_COUNT)) {
      say("active users: " + users.count(Filter.eq(UserField.ACTIVE, true)));
      AgeStats ages = users.ageStats(Filter.all());
      say("age statistics: " + ages.count() + " users with an age, mean " + ages.average().orElse(Double.NaN)
          + ", min " + ages.min().orElse(0) + ", max " + ages.max().orElse(0));
      say("users per active flag: " + users.countBy(UserField.ACTIVE, Filter.all()));
      say("top authors: " + users.topAuthors(3, Filter.all()).stream().map(a -> a.username() + " " + a.posts())
          .toList());
    } else {
      skipped("aggregates", Capability.AGGREGATES, users);
    }

    heading("Transactions: all or nothing");
    if (users.capabilities().has(Capability.TRANSACTIONS)) {
      users.useTransaction(tx -> {
        User b = tx.findByUsername("bob").orElseThrow();
        User c = tx.findByUsername("cid").orElseThrow();
        tx.update(b.toBuilder().age(28).build());
        tx.update(c.toBuilder().age(22).build());
      });
      say("bob and cid updated together: " + show(users.findByUsername("bob").orElseThrow()) + ", "
          + show(users.findByUsername("cid").orElseThrow()));
      try {
        users.useTransaction(tx -> {
          User d = tx.findByUsername("dana").orElseThrow();
          tx.update(d.toBuilder().age(50).build());
          throw new IllegalStateException("something went wrong after the update");
        });
      } catch (IllegalStateException e) {
        say("a failing transaction is rolled back (" + e.getMessage() + "): "
            + show(users.findByUsername("dana").orElseThrow()));
      }
    } else {
      skipped("transactions", Capability.TRANSACTIONS, users);
    }

    heading("Delete: a user goes with their posts and tags");
    say("delete ann: " + users.delete(ann.id()) + "; her post \"Hello\" now: "
        + users.getPost(hello.id()).map(Post::title).orElse("gone"));
    say("delete ann again: " + users.delete(ann.id()));
  }

  /** The event scenarios on {@code events}. */
  public void events(EventStore events) {
    heading("Events: append, flush, query");
    say("backend " + events.capabilities().backend() + ", time precision " + events.capabilities().timePrecision());
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    if (events.capabilities().has(Capability.EVENT_DELETE)) {
      say("removed " + events.deleteBefore("demo_cpu", start.plus(Duration.ofDays(1)))
          + " demo events of an earlier run");
    }
    for (int i = 0; i < 20; i++) {
      events.append(Event.builder("demo_cpu").time(start.plusSeconds(i * 30L)).tag("host", i % 2 == 0 ? "web-1" : "web-2")
          .field("load", (i % 7) / 10.0).build());
    }
    events.flush();
    say("appended 20 readings of two hosts, 30 s apart, and flushed");
    try (Stream<Event> newest = events.query(EventQuery.builder("demo_cpu").tag("host", "web-1").newestFirst().limit(3)
        .build())) {
      newest.forEach(e -> say("web-1 newest: " + e.time() + " load " + e.fields().get("load")));
    }
    if (events.capabilities().has(Capability.EVENT_AGGREGATES)) {
      events.aggregate(EventQuery.builder("demo_cpu").between(start, start.plus(Duration.ofMinutes(10)))
          .groupBy("host").build(), "load", Aggregate.MAX, Duration.ofMinutes(5))
          .forEach(w -> say("max load " + w.start() + " " + w.group() + ": "
              + String.format(java.util.Locale.ROOT, "%.1f", w.value()) + " of " + w.count()));
    } else {
      skipped("event aggregates", Capability.EVENT_AGGREGATES, null);
    }
    if (events.capabilities().has(Capability.EVENT_DELETE)) {
      say("deleteBefore the first 5 minutes: " + events.deleteBefore("demo_cpu", start.plus(Duration.ofMinutes(5)))
          + " deleted");
    }
  }

  private static CountMode countMode(UserStore users) {
    return users.capabilities().has(Capability.EXACT_COUNT) ? CountMode.EXACT : CountMode.NONE;
  }

  private void heading(String title) {
    out.println();
    out.println("== " + ++step + ". " + title);
  }

  private void say(String line) {
    out.println("   " + line);
  }

  private void skipped(String what, Capability capability, UserStore users) {
    say(what + ": skipped, " + (users == null ? "this backend" : users.capabilities().backend())
        + " does not declare " + capability);
  }

  private static String show(User user) {
    return user.username() + (user.age() == null ? "" : " (" + user.age() + ")") + (user.active() ? "" : " inactive");
  }

  private static List<String> names(Page<User> page) {
    return page.items().stream().map(User::username).toList();
  }
}
