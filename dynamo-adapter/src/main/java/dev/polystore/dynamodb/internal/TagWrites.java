package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.keyOf;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.withTags;
import static dev.polystore.dynamodb.internal.DynamoTable.PK;
import static dev.polystore.dynamodb.internal.DynamoTable.n;

import dev.polystore.EntityNotFoundException;
import dev.polystore.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: tagging and untagging a post — its tag set, counted by {@code tag_seq}, and one link item per tag,
 * written together. Thread-safe.
 */
final class TagWrites {

  private final DynamoTransactions transactions;
  private final DynamoWrites writes;
  private final UserItemReads itemReads;

  TagWrites(DynamoDatabase db, UserItemReads itemReads) {
    this.transactions = db.transactions();
    this.writes = db.writes();
    this.itemReads = itemReads;
  }

  /** Adds tags to a post, its tag set and links together; to a post the unit creates, in its new item. */
  void tag(UUID id, Set<String> tags, DynamoUnit unit) {
    PostItem pending = unit.pendingPost(id);
    if (pending != null) {
      Set<String> merged = new TreeSet<>(pending.tagSet());
      List<String> added = tags.stream().filter(t -> !merged.contains(t)).toList();
      if (added.isEmpty()) {
        return;
      }
      merged.addAll(added);
      PostItem updated = withTags(pending, merged);
      Map<String, AttributeValue> map = PostItem.SCHEMA.itemToMap(updated, true);
      unit.replace(DynamoWrite.of(writes.putNew(map), keyOf(map), DynamoWrite.Check.NONE, "post " + id));
      unit.pendingPost(updated);
      for (String tag : added) {
        unit.add(writes.linkPut(pending, tag));
      }
      return;
    }
    PostItem post = itemReads.loadPost(id).orElseThrow(() -> new EntityNotFoundException("post " + id + " does not exist"));
    List<String> added = tags.stream().filter(t -> !post.tagSet().contains(t)).toList();
    changeTags(post, "ADD", added, tag -> writes.linkPut(post, tag), unit, "tagging post " + id);
  }

  /** Removes tags from a post, its tag set and links together; nothing when the post is gone. */
  void untag(UUID id, Set<String> tags, DynamoUnit unit) {
    if (unit.pendingPost(id) != null) {
      throw new InvalidQueryException("untag of post " + id + " in the transaction that created it: DynamoDB"
          + " transactions cannot write an item twice; untag after the transaction");
    }
    Optional<PostItem> found = itemReads.loadPost(id);
    if (found.isEmpty()) {
      return;
    }
    PostItem post = found.get();
    List<String> removed = tags.stream().filter(post.tagSet()::contains).toList();
    try {
      changeTags(post, "DELETE", removed, tag -> writes.linkDelete(post.id(), tag), unit, "untagging post " + id);
    } catch (EntityNotFoundException gone) {
      // the post was deleted meanwhile, and its tags with it
    }
  }

  /**
   * Adds ({@code ADD}) or removes ({@code DELETE}) tags of a stored post, its tag set and links together: all in
   * the unit when it is a transaction's, else in transactions of at most 99 tags each.
   *
   * @param link the write of one tag's link
   * @throws EntityNotFoundException when the post is gone (outside a transaction)
   */
  private void changeTags(PostItem post, String action, List<String> tags, Function<String, DynamoWrite> link,
                          DynamoUnit unit, String what) {
    int perTransaction = unit.isTransaction() ? tags.size() : DynamoTransactions.MAX_ACTIONS - 1;
    for (int from = 0; from < tags.size(); from += perTransaction) {
      List<String> chunk = tags.subList(from, Math.min(tags.size(), from + perTransaction));
      List<DynamoWrite> batch = new ArrayList<>();
      batch.add(tagUpdate(post, action, chunk));
      for (String tag : chunk) {
        batch.add(link.apply(tag));
      }
      if (unit.isTransaction()) {
        batch.forEach(unit::add);
      } else {
        transactions.commit(batch, what);
      }
    }
  }

  /** Adds ({@code ADD}) or removes ({@code DELETE}) tags in the post's tag set, counting the change. */
  private DynamoWrite tagUpdate(PostItem post, String action, List<String> tags) {
    Map<String, AttributeValue> key = keyOf(post);
    DynamoExpression e = new DynamoExpression();
    String tagSet = e.name("tags") + " " + e.value(AttributeValue.fromSs(tags));
    String counter = e.name("tag_seq") + " " + e.value(n(1));
    String expression = action.equals("ADD") ? "ADD " + tagSet + ", " + counter : "DELETE " + tagSet + " ADD " + counter;
    String condition = "attribute_exists(" + e.name(PK) + ")";
    return DynamoWrite.of(writes.update(key, expression, condition, e), key, DynamoWrite.Check.EXISTS, "post " + post.id());
  }
}
