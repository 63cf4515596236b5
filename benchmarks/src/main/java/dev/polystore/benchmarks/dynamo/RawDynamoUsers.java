package dev.polystore.benchmarks.dynamo;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.polystore.user.NewUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The raw side on DynamoDB: the low-level {@code DynamoDbClient} writing the adapter's single-table items
 * (docs/dynamodb.md) — per user a profile and the username and e-mail uniqueness items, each put with
 * {@code attribute_not_exists(pk)}, all in one {@code TransactWriteItems}; a look-up is a strongly consistent
 * {@code GetItem} of the username item, then of the profile. Thread-safe (the client is).
 */
public final class RawDynamoUsers {

  /** A profile as read back: its attributes. */
  public record RawUser(Map<String, AttributeValue> item) {
  }

  private final DynamoDbClient client;
  private final String table;

  public RawDynamoUsers(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  /** Writes the users (at most 33) in one transaction; returns their ids. */
  public List<String> createAll(List<NewUser> users) {
    long nanos = nanos(Instant.now());
    List<TransactWriteItem> writes = new ArrayList<>(users.size() * 3);
    List<String> ids = new ArrayList<>(users.size());
    for (NewUser u : users) {
      String id = UuidCreator.getTimeOrderedEpoch().toString();
      String usernameLc = u.username().toLowerCase(Locale.ROOT);
      String emailLc = u.email().toLowerCase(Locale.ROOT);
      Map<String, AttributeValue> profile = new HashMap<>();
      profile.put("pk", s("USER#" + id));
      profile.put("sk", s("PROFILE"));
      profile.put("type", s("USER"));
      profile.put("gsi1pk", s("USER"));
      profile.put("gsi1sk", s(id));
      profile.put("id", s(id));
      profile.put("username", s(u.username()));
      profile.put("username_lc", s(usernameLc));
      profile.put("email", s(u.email()));
      profile.put("email_lc", s(emailLc));
      if (u.fullName() != null) {
        profile.put("full_name", s(u.fullName()));
        profile.put("full_name_lc", s(u.fullName().toLowerCase(Locale.ROOT)));
      }
      if (u.age() != null) {
        profile.put("age", n(u.age()));
      }
      profile.put("active", AttributeValue.fromBool(u.active()));
      profile.put("created_at", n(nanos));
      profile.put("updated_at", n(nanos));
      profile.put("version", n(1));
      profile.put("post_seq", n(0));
      writes.add(put(profile));
      writes.add(put(Map.of("pk", s("USERNAME#" + usernameLc), "sk", s("UNIQUE"), "type", s("USERNAME"),
          "ref", s(id))));
      writes.add(put(Map.of("pk", s("EMAIL#" + emailLc), "sk", s("UNIQUE"), "type", s("EMAIL"), "ref", s(id))));
      ids.add(id);
    }
    client.transactWriteItems(r -> r.transactItems(writes));
    return ids;
  }

  /** The profile of the user with this username (case-insensitively). */
  public Optional<RawUser> findByUsername(String username) {
    GetItemResponse ref = client.getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of("pk", s("USERNAME#" + username.toLowerCase(Locale.ROOT)), "sk", s("UNIQUE"))));
    if (!ref.hasItem() || ref.item().isEmpty()) {
      return Optional.empty();
    }
    GetItemResponse profile = client.getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of("pk", s("USER#" + ref.item().get("ref").s()), "sk", s("PROFILE"))));
    return profile.hasItem() && !profile.item().isEmpty() ? Optional.of(new RawUser(profile.item())) : Optional.empty();
  }

  private TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
        .conditionExpression("attribute_not_exists(pk)").build()).build();
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
