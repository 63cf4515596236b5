package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.DuplicateKeyException;
import dev.polystore.InvalidQueryException;
import dev.polystore.StoreException;
import dev.polystore.UserStore;
import dev.polystore.tck.UserNativeAccessContract;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Native access on DynamoDB Local: the store's client reads Polystore's items by the keys {@link DynamoTableRef}
 * gives, and the application's own {@code TransactWriteItem}s join the transaction of {@code inTransaction}
 * ({@link DynamoTransaction}) — application items in the store's table ({@code pk=APP#…}) or in a table of their
 * own — within DynamoDB's 100 actions and never over Polystore's items.
 */
@ExtendWith(DynamoLocal.class)
class DynamoUserNativeAccessTest extends UserNativeAccessContract {

  private String table;
  private String ownTable;

  @Override
  protected UserStore openEmptyStore() {
    table = DynamoLocal.freshTable();
    return DynamoStores.openUserStore(DynamoLocal.client(), DynamoStoreOptions.builder().tableName(table).build());
  }

  @AfterEach
  void dropTables() {
    DynamoLocal.dropTable(table);
    if (ownTable != null) {
      DynamoLocal.dropTable(ownTable);
    }
  }

  @Override
  protected Set<Class<?>> storeTypes() {
    return Set.of(DynamoDbClient.class, DynamoTableRef.class);
  }

  @Override
  protected Set<Class<?>> transactionTypes() {
    return Set.of(DynamoTransaction.class);
  }

  @Override
  protected Optional<String> nativeUsername(UserStore store, UserId id) {
    DynamoTableRef ref = store.unwrapOrThrow(DynamoTableRef.class);
    var item = store.unwrapOrThrow(DynamoDbClient.class).getItem(r -> r.tableName(ref.tableName())
        .key(ref.userKey(id)).consistentRead(true)).item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("username").s());
  }

  @Override
  protected void nativeWrite(UserStore transaction, String key) {
    transaction.unwrapOrThrow(DynamoTransaction.class).add(put(table, appItem(key)));
  }

  @Override
  protected boolean nativeRecordExists(UserStore store, String key) {
    return exists(store, store.unwrapOrThrow(DynamoTableRef.class).tableName(), appKey(key));
  }

  // ---- what only DynamoDB does -----------------------------------------------------------------

  @Test
  void theApplicationsWritesCountAgainstTheHundredActionsBeforeAnythingIsSent() {
    AtomicReference<Integer> remaining = new AtomicReference<>();
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> store().useTransaction(tx -> {
      tx.create(user("ann")); // the profile and two uniqueness items
      DynamoTransaction dynamo = tx.unwrapOrThrow(DynamoTransaction.class);
      for (int i = 0; dynamo.remainingActions() > 0; i++) {
        dynamo.add(put(table, appItem("n" + i)));
      }
      remaining.set(dynamo.remainingActions());
      dynamo.add(put(table, appItem("one-too-many")));
    }));
    assertTrue(e.getMessage().contains("101") && e.getMessage().contains("100"), e.getMessage());
    assertAll(
        () -> assertEquals(0, remaining.get()),
        () -> assertEquals(Optional.empty(), store().findByUsername("ann"), "nothing was sent"),
        () -> assertFalse(nativeRecordExists(store(), "n0"), "nothing was sent"));

    assertThrows(InvalidQueryException.class, () -> store().useTransaction(tx -> {
      DynamoTransaction dynamo = tx.unwrapOrThrow(DynamoTransaction.class);
      for (int i = 0; i < DynamoTransaction.MAX_ACTIONS; i++) {
        dynamo.add(put(table, appItem("m" + i)));
      }
      tx.create(user("bob"));
    }), "a store write after the application's filled the transaction");
    assertFalse(nativeRecordExists(store(), "m0"));
  }

  @Test
  void aTransactionOfExactlyAHundredActionsCommits() {
    store().useTransaction(tx -> {
      tx.create(user("ann"));
      DynamoTransaction dynamo = tx.unwrapOrThrow(DynamoTransaction.class);
      assertEquals(3, dynamo.actions(), "the store's profile and two uniqueness items");
      for (int i = 0; i < 97; i++) {
        dynamo.add(put(table, appItem("n" + i)));
      }
      assertEquals(DynamoTransaction.MAX_ACTIONS, dynamo.actions());
    });
    assertTrue(store().findByUsername("ann").isPresent());
    assertTrue(nativeRecordExists(store(), "n96"));
  }

  @Test
  void aFailedConditionOfTheApplicationsWriteUndoesTheStoresWritesAndNamesTheWrite() {
    store().useTransaction(tx -> nativeWrite(tx, "taken"));
    StoreException e = assertThrows(StoreException.class, () -> store().useTransaction(tx -> {
      tx.create(user("ann"));
      tx.unwrapOrThrow(DynamoTransaction.class).add(TransactWriteItem.builder().put(Put.builder().tableName(table)
          .item(appItem("taken")).conditionExpression("attribute_not_exists(pk)").build()).build());
    }));
    assertAll(
        () -> assertEquals(StoreException.class, e.getClass(), "the application's condition is its own business"),
        () -> assertTrue(e.getMessage().contains("the application's Put #1"), e.getMessage()),
        () -> assertInstanceOf(TransactionCanceledException.class, e.getCause()),
        () -> assertEquals(Optional.empty(), store().findByUsername("ann"), "the store's write was not applied"));
  }

  @Test
  void aStoreFailureAtCommitUndoesAWriteToAnotherTable() {
    ownTable = DynamoLocal.freshTable();
    DynamoLocal.client().createTable(r -> r.tableName(ownTable).billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
            .attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    Map<String, AttributeValue> committed = Map.of("id", AttributeValue.fromS("committed"));
    Map<String, AttributeValue> refused = Map.of("id", AttributeValue.fromS("refused"));
    store().useTransaction(tx -> {
      tx.create(user("ann"));
      tx.unwrapOrThrow(DynamoTransaction.class).add(put(ownTable, committed));
    });
    assertThrows(DuplicateKeyException.class, () -> store().useTransaction(tx -> {
      tx.unwrapOrThrow(DynamoTransaction.class).add(put(ownTable, refused));
      tx.create(user("ANN"));
    }), "the username is taken: DynamoDB cancels the whole transaction at commit");
    assertAll(
        () -> assertTrue(exists(store(), ownTable, committed)),
        () -> assertFalse(exists(store(), ownTable, refused)));
  }

  @Test
  void writesToPolystoresItemsAreRefusedAndConditionChecksOnThemAllowed() {
    User ann = store().create(user("ann"));
    DynamoTableRef ref = store().unwrapOrThrow(DynamoTableRef.class);
    Map<String, AttributeValue> profile = ref.userKey(ann.id());
    Map<String, AttributeValue> listed = Map.of("pk", AttributeValue.fromS("APP#listed"),
        "sk", AttributeValue.fromS("NOTE"), "gsi1pk", AttributeValue.fromS("USER"));
    Map<String, Consumer<DynamoTransaction>> refused = Map.of(
        "a put of a user's profile", d -> d.add(put(table, Map.of("pk", profile.get("pk"), "sk", profile.get("sk"),
            "username", AttributeValue.fromS("mallory")))),
        "a delete of a uniqueness item", d -> d.add(TransactWriteItem.builder().delete(x -> x.tableName(table)
            .key(Map.of("pk", AttributeValue.fromS("USERNAME#ann"), "sk", AttributeValue.fromS("UNIQUE")))).build()),
        "an update of a profile", d -> d.add(TransactWriteItem.builder().update(x -> x.tableName(table).key(profile)
            .updateExpression("SET age = :a").expressionAttributeValues(Map.of(":a", AttributeValue.fromN("9"))))
            .build()),
        "a put into the index's listings", d -> d.add(put(table, listed)),
        "an update into the index's listings", d -> d.add(TransactWriteItem.builder().update(x -> x.tableName(table)
            .key(appKey("x")).updateExpression("SET #g = :g").expressionAttributeNames(Map.of("#g", "gsi1pk"))
            .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("USER")))).build()));
    refused.forEach((what, write) -> assertThrows(InvalidQueryException.class,
        () -> store().useTransaction(tx -> write.accept(tx.unwrapOrThrow(DynamoTransaction.class))), what));
    assertEquals(Optional.of("ann"), nativeUsername(store(), ann.id()), "the profile is untouched");

    store().useTransaction(tx -> {
      tx.unwrapOrThrow(DynamoTransaction.class).add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
          .key(profile).conditionExpression("version = :v")
          .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(ann.version()))))).build());
      nativeWrite(tx, "checked");
    });
    assertTrue(nativeRecordExists(store(), "checked"), "a condition check on a profile is allowed");
  }

  @Test
  void anItemTheTransactionWritesAlreadyIsRefused() {
    User ann = store().create(user("ann"));
    DynamoTableRef ref = store().unwrapOrThrow(DynamoTableRef.class);
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> store().useTransaction(tx -> {
      tx.unwrapOrThrow(DynamoTransaction.class).add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
          .key(ref.userKey(ann.id())).conditionExpression("attribute_exists(pk)")).build());
      tx.update(ann.toBuilder().age(40).build());
    }));
    assertTrue(e.getMessage().contains("same item twice"), e.getMessage());
    assertThrows(InvalidQueryException.class, () -> store().useTransaction(tx -> {
      nativeWrite(tx, "twice");
      nativeWrite(tx, "twice");
    }), "the application's own write twice");
    assertEquals(Optional.of(ann), store().get(ann.id()), "nothing was written");
  }

  @Test
  void theApplicationsPartOfATransactionIsRefusedAfterTheCallback() {
    DynamoTransaction ended = store().inTransaction(tx -> tx.unwrapOrThrow(DynamoTransaction.class));
    assertThrows(IllegalStateException.class, () -> ended.add(put(table, appItem("late"))));
    assertThrows(IllegalArgumentException.class, () -> store().useTransaction(tx ->
        tx.unwrapOrThrow(DynamoTransaction.class).add(TransactWriteItem.builder().build())), "an empty write");
    assertFalse(nativeRecordExists(store(), "late"));
  }

  // ---- support ---------------------------------------------------------------------------------

  /** The key of the application's note {@code key} in the store's table: {@code pk=APP#note#<key>, sk=NOTE}. */
  private static Map<String, AttributeValue> appKey(String key) {
    return Map.of("pk", AttributeValue.fromS("APP#note#" + key), "sk", AttributeValue.fromS("NOTE"));
  }

  private static Map<String, AttributeValue> appItem(String key) {
    return Map.of("pk", AttributeValue.fromS("APP#note#" + key), "sk", AttributeValue.fromS("NOTE"),
        "text", AttributeValue.fromS("a note"));
  }

  private static TransactWriteItem put(String table, Map<String, AttributeValue> item) {
    return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
  }

  private static boolean exists(UserStore store, String table, Map<String, AttributeValue> key) {
    var item = store.unwrapOrThrow(DynamoDbClient.class).getItem(r -> r.tableName(table).key(key)
        .consistentRead(true)).item();
    return item != null && !item.isEmpty();
  }
}
