package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SQLite under concurrent writers and readers: WAL, a busy timeout and IMMEDIATE write transactions (file), one
 * pooled connection (memory) — every write lands and no busy error reaches the caller.
 */
class SqliteConcurrencyTest {

  private static final int WRITERS = 4;
  private static final int INSERTS_PER_WRITER = 500;
  private static final int READERS = 2;

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"file", "memory"})
  void concurrentWritersAndPagingReadersLoseNothing(String variant) throws Exception {
    String url = variant.equals("file") ? "jdbc:sqlite:" + dir.resolve("concurrency.db") : "jdbc:sqlite::memory:";
    try (UserStore store = Stores.openUserStore(url)) {
      Set<UserId> written = ConcurrentHashMap.newKeySet();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger pagesRead = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      try {
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          writers.add(pool.submit(() -> {
            await(start);
            for (int i = 0; i < INSERTS_PER_WRITER; i++) {
              try {
                String name = "w" + writer + "-" + i;
                if (i % 10 == 0) {
                  // some writes are multi-statement transactions
                  written.add(store.inTransaction(tx -> tx.create(user(name))).id());
                } else {
                  written.add(store.create(user(name)).id());
                }
              } catch (RuntimeException e) {
                failures.add(e);
              }
            }
          }));
        }
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
          readers.add(pool.submit(() -> {
            await(start);
            while (writing.get()) {
              try {
                Set<UserId> seen = new HashSet<>();
                Page<User> page = store.find(UserQuery.builder().first(200).build());
                while (true) {
                  page.items().forEach(u -> assertTrue(seen.add(u.id()), "a row repeats within one walk"));
                  pagesRead.incrementAndGet();
                  if (!page.hasNext()) {
                    break;
                  }
                  page = store.find(UserQuery.builder().page(PageRequest.after(page.nextCursor().orElseThrow(), 200))
                      .build());
                }
              } catch (RuntimeException | AssertionError e) {
                failures.add(e);
              }
            }
          }));
        }
        start.countDown();
        for (Future<?> f : writers) {
          f.get(5, TimeUnit.MINUTES);
        }
        writing.set(false);
        for (Future<?> f : readers) {
          f.get(5, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(List.of(), failures, "no operation failed (no SQLITE_BUSY reached a caller)");
      assertEquals(WRITERS * INSERTS_PER_WRITER, written.size());
      assertEquals(WRITERS * INSERTS_PER_WRITER, store.count(Filter.all()));
      Set<UserId> stored = new HashSet<>();
      Page<User> page = store.find(UserQuery.builder().first(1000).build());
      while (true) {
        page.items().forEach(u -> stored.add(u.id()));
        if (!page.hasNext()) {
          break;
        }
        page = store.find(UserQuery.builder().after(page.nextCursor().orElseThrow(), 1000).build());
      }
      assertEquals(written, stored, "every written row is present");
      assertTrue(pagesRead.get() > 0, "the readers read while the writers wrote");
    }
  }

  private static NewUser user(String name) {
    return NewUser.builder().username(name).email(name + "@example.com").age(name.length()).build();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
