package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.userKey;
import static dev.polystore.dynamodb.internal.DynamoTable.n;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.PartialWriteException;
import dev.polystore.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: the cascade delete of a user (profile, uniqueness items, posts with their pointers and tag links) and of
 * a post, split into transactions so that every state a crash leaves is one a repeated delete completes.
 * Thread-safe.
 */
final class UserDeletion {

  private final DynamoTransactions transactions;
  private final DynamoRetry retry;
  private final DynamoWrites writes;
  private final UserItemReads itemReads;

  UserDeletion(DynamoDatabase db, UserItemReads itemReads) {
    this.transactions = db.transactions();
    this.retry = db.retry();
    this.writes = db.writes();
    this.itemReads = itemReads;
  }

  /**
   * Deletes a user and their item collection: all in the unit when it is a transaction's.
   *
   * <p>Otherwise the profile, both uniqueness items and as many whole posts (post, pointer, tag links) as fit
   * go last, in one transaction conditioned on the version and {@code post_seq} read. The posts that do not fit are
   * removed first, whole posts per transaction, each transaction checking that the profile is still at the version
   * read (see {@link #removePosts}). So every state a crash can leave is the user, unchanged, with fewer posts, and
   * a repeated delete finishes the job. A change of the user or of one of their posts since it was read cancels
   * the transaction at hand; the user is then read again and the delete goes on from there, unless the expected
   * version no longer matches.
   */
  boolean deleteUser(UUID id, Long expectedVersion, DynamoUnit unit) {
    AtomicInteger removed = new AtomicInteger(); // posts deleted so far, for the messages
    AtomicInteger commits = new AtomicInteger(); // transactions committed so far: any means a partial delete
    for (int conflicts = 0; ; ) {
      Optional<UserItem> found = itemReads.loadUser(id);
      if (found.isEmpty()) {
        return false;
      }
      UserItem stored = found.get();
      if (expectedVersion != null && stored.version() != expectedVersion.longValue()) {
        throw partlyDeleted(id, removed.get(), commits.get(), new ConcurrentUpdateException("user " + id
            + " is at version " + stored.version() + ", not " + expectedVersion + "; " + (commits.get() == 0
            ? "nothing was deleted" : "the change was seen after part of the delete")));
      }
      List<DynamoWrite> last = profileDeletes(id, stored);
      if (unit.isTransaction()) {
        // inside an inTransaction unit every item goes into the unit, which holds 100 writes
        last.forEach(unit::add);
        for (PostItems post : itemReads.postsWithItems(id)) {
          deletes(post).forEach(unit::add);
        }
        unit.changedUser(id, Optional.empty());
        return true;
      }
      List<PostItems> first = new ArrayList<>();
      int room = DynamoTransactions.MAX_ACTIONS - last.size();
      for (PostItems post : itemReads.postsWithItems(id)) {
        if (post.size() <= room) {
          last.addAll(deletes(post));
          room -= post.size();
        } else {
          first.add(post);
        }
      }
      try {
        removePosts(first, profileCheck(id, stored), removed, commits, "deleting the posts of user " + id);
        transactions.commit(last, "deleting user " + id);
        return true;
      } catch (EntityNotFoundException | ConcurrentUpdateException changed) {
        // the user or one of their posts changed or went away since it was read: read them again
        if (conflicts >= retry.maxRetries()) {
          throw partlyDeleted(id, removed.get(), commits.get(), new ConcurrentUpdateException("user " + id
              + " kept changing while being deleted; gave up after " + (conflicts + 1) + " attempts. Delete again.",
              changed));
        }
        retry.pause(conflicts++);
      } catch (StoreException failure) {
        throw partlyDeleted(id, removed.get(), commits.get(), failure);
      }
    }
  }

  /** Deletes a post with its pointer and tag links: in the unit when it is a transaction's, else at once. */
  boolean deletePost(UUID id, DynamoUnit unit) {
    AtomicInteger commits = new AtomicInteger(); // untagging transactions committed before the delete
    for (int conflicts = 0; ; ) {
      Optional<PostItem> found = itemReads.loadPost(id);
      if (found.isEmpty()) {
        return false;
      }
      PostItems post = itemReads.withItems(found.get());
      if (unit.isTransaction()) {
        deletes(post).forEach(unit::add);
        unit.deletedPost(id);
        return true;
      }
      try {
        removePosts(List.of(post), null, new AtomicInteger(), commits, "deleting post " + id);
        return true;
      } catch (EntityNotFoundException | ConcurrentUpdateException changed) {
        // tagged, untagged or deleted meanwhile: read it again
        if (conflicts >= retry.maxRetries()) {
          throw partlyUntagged(id, commits.get(), changed);
        }
        retry.pause(conflicts++);
      } catch (StoreException failure) {
        throw partlyUntagged(id, commits.get(), failure);
      }
    }
  }

  /** The deletes of the profile (conditioned on the version and {@code post_seq} read) and the uniqueness items. */
  private List<DynamoWrite> profileDeletes(UUID id, UserItem stored) {
    DynamoExpression e = new DynamoExpression();
    String condition = e.name("version") + " = " + e.value(n(stored.version())) + " AND "
        + (stored.postSeq() == null ? "attribute_not_exists(" + e.name("post_seq") + ")"
        : e.name("post_seq") + " = " + e.value(n(stored.postSeq())));
    List<DynamoWrite> batch = new ArrayList<>();
    batch.add(DynamoWrite.of(writes.delete(userKey(id), condition, e), userKey(id), DynamoWrite.Check.VERSION,
        "user " + id));
    batch.add(writes.uniqueDelete(DynamoTable.USERNAME, stored.username(), id));
    batch.add(writes.uniqueDelete(DynamoTable.EMAIL, stored.email(), id));
    return batch;
  }

  /** A check, writing nothing, that the profile is still at the version read. */
  private DynamoWrite profileCheck(UUID id, UserItem stored) {
    DynamoExpression e = new DynamoExpression();
    String condition = e.name("version") + " = " + e.value(n(stored.version()));
    return DynamoWrite.of(writes.check(userKey(id), condition, e),
        userKey(id), DynamoWrite.Check.VERSION, "user " + id);
  }

  /** The post item's delete, conditioned on {@code tag_seq} (so no tag link was added meanwhile), then the rest. */
  private List<DynamoWrite> deletes(PostItems post) {
    List<DynamoWrite> batch = new ArrayList<>(post.size());
    DynamoExpression e = new DynamoExpression();
    batch.add(DynamoWrite.of(writes.delete(post.key(), tagSeqIs(e, post.tagSeq()), e), post.key(),
        DynamoWrite.Check.VERSION, "post " + post.id()));
    for (Map<String, AttributeValue> item : post.others()) {
      batch.add(DynamoWrite.of(writes.delete(item, null, null), item, DynamoWrite.Check.NONE, "post " + post.id()));
    }
    return batch;
  }

  private static String tagSeqIs(DynamoExpression e, Long tagSeq) {
    return tagSeq == null ? "attribute_not_exists(" + e.name("tag_seq") + ")"
        : e.name("tag_seq") + " = " + e.value(n(tagSeq));
  }

  /**
   * {@code failure} as it is when no transaction of the delete committed before it, else a
   * {@link PartialWriteException}: the user is kept (with fewer posts, or posts with fewer tags) and deleting again
   * completes the delete.
   */
  private static StoreException partlyDeleted(Object id, int removedPosts, int commits, StoreException failure) {
    if (commits == 0) {
      return failure;
    }
    return new PartialWriteException("deleting user " + id + " failed after " + removedPosts + " of their posts"
        + " were deleted (" + commits + " transaction(s) committed); the user is kept. Delete again to complete it: "
        + failure.getMessage(), failure);
  }

  /**
   * {@code failure} as it is when no untagging transaction committed before it, else a
   * {@link PartialWriteException}: the post is kept with fewer tags, and deleting again completes the delete.
   */
  private static StoreException partlyUntagged(Object id, int commits, StoreException failure) {
    if (commits == 0) {
      return failure;
    }
    return new PartialWriteException("deleting post " + id + " failed after " + commits + " transaction(s) removed"
        + " some of its tags first; the post is kept with fewer tags. Delete again to complete it: "
        + failure.getMessage(), failure);
  }

  /**
   * Deletes whole posts, each with its pointer and tag links, packed into transactions of at most 100 writes, each
   * with {@code guard} when it is not null. A post with more tag links than one transaction holds first loses its
   * excess tags in transactions that untag them (tag set and links together). So every state between two of these
   * transactions is one the API could have made: a post is there with all its items, or with fewer tags, or gone.
   *
   * @param removed counts the posts deleted, also when a later transaction fails
   * @param commits counts the transactions committed (untagging ones included), also when a later one fails
   * @throws ConcurrentUpdateException when a post or the guard changed since it was read
   * @throws EntityNotFoundException when a post or the guarded item is gone
   */
  private void removePosts(List<PostItems> posts, DynamoWrite guard, AtomicInteger removed, AtomicInteger commits,
                           String what) {
    List<DynamoWrite> pending = new ArrayList<>();
    int reserved = guard == null ? 0 : 1;
    int packed = 0;
    for (PostItems post : posts) {
      post = shrink(post, guard, DynamoTransactions.MAX_ACTIONS - reserved, commits, what);
      if (reserved + pending.size() + post.size() > DynamoTransactions.MAX_ACTIONS) {
        commitWith(guard, pending, commits, what);
        removed.addAndGet(packed);
        pending.clear();
        packed = 0;
      }
      pending.addAll(deletes(post));
      packed++;
    }
    if (!pending.isEmpty()) {
      commitWith(guard, pending, commits, what);
      removed.addAndGet(packed);
    }
  }

  private void commitWith(DynamoWrite guard, List<DynamoWrite> writes, AtomicInteger commits, String what) {
    List<DynamoWrite> all = new ArrayList<>(writes.size() + 1);
    if (guard != null) {
      all.add(guard);
    }
    all.addAll(writes);
    transactions.commit(all, what);
    commits.incrementAndGet();
  }

  /**
   * Untags a post, in transactions of its tag set's update, its tag-count check and the links' deletes (plus
   * {@code guard}), until its items fit in {@code room} writes.
   */
  private PostItems shrink(PostItems post, DynamoWrite guard, int room, AtomicInteger commits, String what) {
    while (post.size() > room) {
      int perTransaction = DynamoTransactions.MAX_ACTIONS - 1 - (guard == null ? 0 : 1);
      List<String> tags = post.tags();
      if (tags.isEmpty()) {
        throw new IllegalStateException("post " + post.id() + " has " + post.size() + " items but no tag link");
      }
      Set<String> chunk = new TreeSet<>(tags.subList(0, Math.min(tags.size(),
          Math.min(perTransaction, post.size() - room))));
      DynamoExpression e = new DynamoExpression();
      String expression = "DELETE " + e.name("tags") + " " + e.value(AttributeValue.fromSs(List.copyOf(chunk)))
          + " ADD " + e.name("tag_seq") + " " + e.value(n(1));
      List<DynamoWrite> batch = new ArrayList<>();
      batch.add(DynamoWrite.of(writes.update(post.key(), expression, tagSeqIs(e, post.tagSeq()), e), post.key(),
          DynamoWrite.Check.VERSION, "post " + post.id()));
      for (String tag : chunk) {
        batch.add(writes.linkDelete(post.id(), tag));
      }
      commitWith(guard, batch, commits, what + " (untagging post " + post.id() + " first)");
      post = post.untagged(chunk);
    }
    return post;
  }
}
