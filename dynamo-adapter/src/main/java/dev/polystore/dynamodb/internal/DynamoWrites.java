package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.keyOf;
import static dev.polystore.dynamodb.internal.DynamoTable.PK;
import static dev.polystore.dynamodb.internal.DynamoTable.s;

import dev.polystore.spi.support.Messages;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Internal: the {@link TransactWriteItem}s of one table — a put of a new item, a conditional update, delete or
 * check — and the writes of uniqueness items and tag links built from them. A failed condition returns the old
 * item, so a cancellation can say what it met. Thread-safe (immutable).
 */
final class DynamoWrites {

  private final String table;

  DynamoWrites(String table) {
    this.table = table;
  }

  /** A put that fails when the item exists. */
  TransactWriteItem putNew(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
        .conditionExpression(DynamoTable.NOT_EXISTS).expressionAttributeNames(DynamoTable.PK_NAMES)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
  }

  TransactWriteItem update(Map<String, AttributeValue> key, String expression, String condition,
                           DynamoExpression e) {
    return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key)
        .updateExpression(expression).conditionExpression(condition)
        .expressionAttributeNames(e.names()).expressionAttributeValues(e.values())
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
  }

  /** A delete, unconditional when {@code condition} is null. */
  TransactWriteItem delete(Map<String, AttributeValue> key, String condition, DynamoExpression e) {
    Delete.Builder d = Delete.builder().tableName(table).key(key);
    if (condition != null) {
      d.conditionExpression(condition).expressionAttributeNames(e.names()).expressionAttributeValues(e.values())
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }
    return TransactWriteItem.builder().delete(d.build()).build();
  }

  /** A check, writing nothing, of a condition on an item. */
  TransactWriteItem check(Map<String, AttributeValue> key, String condition, DynamoExpression e) {
    return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
        .key(key).conditionExpression(condition).expressionAttributeNames(e.names())
        .expressionAttributeValues(e.values())
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build();
  }

  /** Claims a username or e-mail for a user: fails as a duplicate when another user holds it. */
  DynamoWrite uniquePut(String prefix, String field, String value, UUID user) {
    Map<String, AttributeValue> key = DynamoItemCodec.uniqueKey(prefix, value);
    Map<String, AttributeValue> item = RefItem.SCHEMA.itemToMap(new RefItem(key.get(PK).s(), DynamoTable.UNIQUE,
        prefix.substring(0, prefix.length() - 1), user.toString()), true);
    return DynamoWrite.unique(putNew(item), key, field, value);
  }

  /** Releases a username or e-mail, as long as the user still holds it. */
  DynamoWrite uniqueDelete(String prefix, String value, UUID user) {
    Map<String, AttributeValue> key = DynamoItemCodec.uniqueKey(prefix, value);
    DynamoExpression e = new DynamoExpression();
    String condition = e.name("ref") + " = " + e.value(s(user.toString()));
    return DynamoWrite.of(delete(key, condition, e), key, DynamoWrite.Check.UNCHANGED,
        prefix.substring(0, prefix.length() - 1).toLowerCase(Locale.ROOT) + " of user " + user);
  }

  /** Writes the link of a post to a tag. */
  DynamoWrite linkPut(PostItem post, String tag) {
    Map<String, AttributeValue> map = PostItem.SCHEMA.itemToMap(DynamoItemCodec.link(post, tag), true);
    DynamoItemSize.check(map, "the link of post " + Messages.quote(post.title()) + " to tag " + Messages.quote(tag));
    Put put = Put.builder().tableName(table).item(map).build();
    return DynamoWrite.of(TransactWriteItem.builder().put(put).build(), keyOf(map), DynamoWrite.Check.NONE,
        "tag " + Messages.quote(tag) + " of post " + post.id());
  }

  /** Deletes the link of a post to a tag. */
  DynamoWrite linkDelete(String post, String tag) {
    Map<String, AttributeValue> link = DynamoItemCodec.linkKey(post, tag);
    return DynamoWrite.of(delete(link, null, null), link, DynamoWrite.Check.NONE, "tag " + Messages.quote(tag));
  }
}
