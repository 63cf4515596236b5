package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoTable.SK;

import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: a post's items as read for its delete: the post item's key and {@code tag_seq}, and the keys of its
 * pointer and tag links. Immutable.
 */
record PostItems(Map<String, AttributeValue> key, String id, Long tagSeq, List<Map<String, AttributeValue>> others) {

  int size() {
    return 1 + others.size();
  }

  /** The tags of its tag links. */
  List<String> tags() {
    return others.stream().map(item -> item.get(SK).s()).filter(sk -> sk.startsWith(DynamoTable.TAG))
        .map(sk -> sk.substring(DynamoTable.TAG.length())).toList();
  }

  /** These items without the links of {@code tags}, after an untag of them counted one more tag change. */
  PostItems untagged(Set<String> tags) {
    List<Map<String, AttributeValue>> rest = others.stream().filter(item -> {
      String sk = item.get(SK).s();
      return !(sk.startsWith(DynamoTable.TAG) && tags.contains(sk.substring(DynamoTable.TAG.length())));
    }).toList();
    return new PostItems(key, id, tagSeq == null ? 1L : tagSeq + 1, rest);
  }
}
