/**
 * DynamoDB Local, in-process — an emulator, so what it shows is the SDK's and the store's client-side cost, not
 * DynamoDB's: Polystore's DynamoDB adapter against the low-level {@code DynamoDbClient}. Internal to the benchmarks.
 */
package dev.polystore.benchmarks.dynamo;
