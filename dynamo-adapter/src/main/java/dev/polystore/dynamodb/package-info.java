/**
 * API: the DynamoDB adapter's public entry points — {@link dev.polystore.dynamodb.DynamoStoreProvider} (found by
 * {@link java.util.ServiceLoader} for {@code dynamodb:} URLs), {@link dev.polystore.dynamodb.DynamoStores} (open
 * stores over a {@code DynamoDbClient} the application owns), {@link dev.polystore.dynamodb.DynamoStoreOptions}
 * and {@link dev.polystore.dynamodb.DynamoReadPlanner} (which reads scan). The data layout is described in
 * {@code docs/dynamodb.md}. Native access ({@code store.unwrap(...)}): the store's {@code DynamoDbClient},
 * {@link dev.polystore.dynamodb.DynamoTableRef} (the table and its key layout) and, inside {@code inTransaction},
 * {@link dev.polystore.dynamodb.DynamoTransaction} (the application's own writes in the same
 * {@code TransactWriteItems}); see {@code docs/native-access.md}.
 */
package dev.polystore.dynamodb;
