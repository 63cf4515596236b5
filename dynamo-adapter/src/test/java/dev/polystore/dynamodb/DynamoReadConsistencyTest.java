package dev.polystore.dynamodb;

import static dev.polystore.ReadConsistency.EVENTUAL;
import static dev.polystore.ReadConsistency.STRONG;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Capability;
import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.event.Event;
import dev.polystore.event.EventQuery;
import dev.polystore.query.Filter;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserQuery;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * What each read consistency asks DynamoDB for, seen in the requests the store sends (DynamoDB Local answers every
 * read consistently, so only the requests tell the choices apart): under {@code STRONG}, {@code ConsistentRead} on
 * every read of the table ({@code GetItem}, {@code Query}, {@code BatchGetItem}), and never on {@code gsi1}, which
 * cannot; under {@code EVENTUAL}, on none of the reads; and on every read a write or a transaction makes, whatever the
 * store's choice.
 */
@ExtendWith(DynamoLocal.class)
class DynamoReadConsistencyTest {

  /** One read request: the operation, the index it read (or null) and its {@code ConsistentRead}. */
  record Read(String operation, String index, Boolean consistent) {
    boolean strong() {
      return Boolean.TRUE.equals(consistent);
    }
  }

  private final List<Read> reads = new CopyOnWriteArrayList<>();
  private DynamoDbClient client;
  private String table;

  @BeforeEach
  void open() {
    client = DynamoLocal.newClient(b -> b.addExecutionInterceptor(new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof GetItemRequest get) {
          reads.add(new Read("GetItem", null, get.consistentRead()));
        } else if (request instanceof QueryRequest query) {
          reads.add(new Read("Query", query.indexName(), query.consistentRead()));
        } else if (request instanceof BatchGetItemRequest batch) {
          for (KeysAndAttributes keys : batch.requestItems().values()) {
            reads.add(new Read("BatchGetItem", null, keys.consistentRead()));
          }
        }
      }
    }));
    table = DynamoLocal.freshTable();
  }

  @AfterEach
  void close() {
    DynamoLocal.dropTable(table);
    client.close();
  }

  private UserStore users(Map<String, String> options) {
    Map<String, String> settings = new HashMap<>(options);
    settings.put("table", table);
    return DynamoStores.openUserStore(client, DynamoStoreProvider.options(settings));
  }

  /** The reads {@code work} sent. */
  private List<Read> readsOf(Runnable work) {
    reads.clear();
    work.run();
    return List.copyOf(reads);
  }

  @Test
  void strongReadsAskForConsistentReadsOfTheTableAndIndexReadsCannot() {
    try (UserStore store = users(Map.of())) {
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      Post post = store.addPost(ann.id(), NewPost.of("title", "content"));
      store.tag(post.id(), Set.of("news"));
      UserStore strong = store.reading(STRONG);
      List<Read> lookups = readsOf(() -> {
        strong.get(ann.id());
        strong.findByUsername("ann");
        strong.findByEmail("ann@example.com");
        strong.getPost(post.id());
        strong.tagsOf(post.id());
        strong.findPosts(PostQuery.builder().author(ann.id()).build());
      });
      List<Read> listings = readsOf(() -> {
        strong.find(UserQuery.all());
        strong.count(Filter.all());
        strong.findPosts(PostQuery.builder().tag("news").include(Include.TAGS).build());
      });
      assertAll(
          () -> assertFalse(lookups.isEmpty()),
          () -> assertTrue(lookups.stream().allMatch(Read::strong), "strong look-ups: " + lookups),
          () -> assertTrue(listings.stream().filter(r -> r.index() != null).noneMatch(Read::strong),
              "gsi1 cannot be read strongly: " + listings),
          () -> assertTrue(listings.stream().filter(r -> r.index() == null).allMatch(Read::strong),
              "the table's items behind a listing are read strongly: " + listings),
          () -> assertTrue(listings.stream().anyMatch(r -> "BatchGetItem".equals(r.operation())), listings.toString()),
          () -> assertFalse(store.capabilities().has(Capability.STRONG_QUERIES),
              "listings are eventual whatever is asked: the store says so"));
    }
  }

  @Test
  void eventualReadsAreDynamosDefaultReads() {
    try (UserStore store = users(Map.of())) {
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      Post post = store.addPost(ann.id(), NewPost.of("title", "content"));
      store.tag(post.id(), Set.of("news"));
      UserStore eventual = store.reading(EVENTUAL);
      List<Read> sent = readsOf(() -> {
        eventual.get(ann.id());
        eventual.findByUsername("ann");
        eventual.getPost(post.id());
        eventual.tagsOf(post.id());
        eventual.findPosts(PostQuery.builder().author(ann.id()).build());
        eventual.find(UserQuery.builder().include(Include.POSTS).build());
        eventual.findPosts(PostQuery.builder().tag("news").include(Include.TAGS).build());
        eventual.ageStats(Filter.all());
      });
      assertTrue(sent.size() >= 8, sent.toString());
      assertTrue(sent.stream().noneMatch(Read::strong), "no eventual read asks for ConsistentRead: " + sent);
    }
  }

  @Test
  void theStoresDefaultComesFromReadConsistency() {
    try (UserStore store = users(Map.of("read.consistency", "eventual"))) {
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      assertEquals(EVENTUAL, store.readConsistency());
      assertTrue(readsOf(() -> store.get(ann.id())).stream().noneMatch(Read::strong));
      assertTrue(readsOf(() -> store.reading(STRONG).get(ann.id())).stream().allMatch(Read::strong));
    }
  }

  @Test
  void writesAndTransactionsReadStronglyWhateverTheViewOrDefault() {
    try (UserStore store = users(Map.of("read.consistency", "eventual"))) {
      UserStore eventual = store.reading(EVENTUAL);
      User ann = eventual.create(NewUser.builder().username("ann").email("ann@example.com").build());
      Post post = eventual.addPost(ann.id(), NewPost.of("title", "content"));
      List<Read> writes = readsOf(() -> {
        User older = eventual.update(ann.toBuilder().age(30).build());
        eventual.tag(post.id(), Set.of("news"));
        eventual.untag(post.id(), Set.of("news"));
        eventual.deletePost(post.id());
        eventual.delete(ann.id(), older.version());
      });
      List<Read> transaction = readsOf(() -> eventual.inTransaction(tx -> {
        assertEquals(STRONG, tx.readConsistency());
        return tx.findByUsername("nobody");
      }));
      assertAll(
          () -> assertFalse(writes.isEmpty()),
          () -> assertTrue(writes.stream().filter(r -> r.index() == null).allMatch(Read::strong),
              "what writes check is read strongly: " + writes),
          () -> assertFalse(transaction.isEmpty()),
          () -> assertTrue(transaction.stream().allMatch(Read::strong),
              "a transaction reads strongly: " + transaction));
    }
  }

  @Test
  void eventQueriesReadTheTableStronglyOrNotAndDeletesAlwaysStrongly() {
    DynamoStoreOptions options = DynamoStoreOptions.builder().tableName(table).build();
    try (EventStore store = DynamoStores.openEventStore(client, options)) {
      Instant base = Instant.parse("2024-03-01T00:00:00Z");
      store.appendAll(List.of(Event.builder("cpu").time(base).field("v", 1).build(),
          Event.builder("cpu").time(base.plusSeconds(1)).field("v", 2).build()));
      assertTrue(store.capabilities().has(Capability.STRONG_QUERIES));
      List<Read> strong = readsOf(() -> read(store.reading(STRONG)));
      List<Read> eventual = readsOf(() -> read(store.reading(EVENTUAL)));
      List<Read> delete = readsOf(() -> store.reading(EVENTUAL).deleteBefore("cpu", base.plusSeconds(1)));
      assertAll(
          () -> assertTrue(strong.size() >= 2 && strong.stream().allMatch(Read::strong), strong.toString()),
          () -> assertTrue(eventual.size() >= 2 && eventual.stream().noneMatch(Read::strong), eventual.toString()),
          () -> assertTrue(!delete.isEmpty() && delete.stream().allMatch(Read::strong), delete.toString()));
    }
  }

  private static void read(EventStore store) {
    try (Stream<Event> events = store.query(EventQuery.builder("cpu").build())) {
      assertEquals(2, events.count());
    }
  }
}
