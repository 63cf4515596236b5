package dev.polystore.dynamodb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.dynamodb.DynamoLocal;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.User;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The DynamoDB user store stamps creation and update times with the clock it is given, as the JDBI store does. */
@ExtendWith(DynamoLocal.class)
class DynamoUserStoreClockTest {

  private static final Instant CREATED = Instant.parse("2031-05-06T07:08:09.123456789Z");
  private static final Instant UPDATED = Instant.parse("2032-01-02T03:04:05.5Z");

  @Test
  void createUpdateAndAddPostTakeTheirTimeFromTheClock() {
    AtomicReference<Instant> now = new AtomicReference<>(CREATED);
    Clock clock = new Clock() {
      @Override
      public Instant instant() {
        return now.get();
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    String table = DynamoLocal.freshTable();
    try (DynamoUserStore store = new DynamoUserStore(DynamoLocal.client(),
        DynamoStoreOptions.builder().tableName(table).build(), false, clock)) {
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      assertEquals(CREATED, ann.createdAt());
      assertEquals(CREATED, ann.updatedAt());
      Post post = store.addPost(ann.id(), NewPost.of("title", "content"));
      assertEquals(CREATED, post.createdAt());
      now.set(UPDATED);
      User updated = store.update(ann.toBuilder().age(30).build());
      assertEquals(CREATED, updated.createdAt());
      assertEquals(UPDATED, updated.updatedAt());
      assertEquals(updated, store.get(ann.id()).orElseThrow(), "the stored times are the clock's");
    } finally {
      DynamoLocal.dropTable(table);
    }
  }
}
