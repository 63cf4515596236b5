/**
 * Internal: the DynamoDB stores, their table layout, item schemas, filter translation and write helpers.
 * {@link dev.polystore.dynamodb.internal.DynamoUserStore} and its transaction store share the operations of
 * {@link dev.polystore.dynamodb.internal.DynamoUserOperations}, which hand the work to one class per concern
 * (writes, deletion, tags, item reads, queries, aggregates, read plans) over one
 * {@link dev.polystore.dynamodb.internal.DynamoDatabase}; {@code docs/dynamodb.md} maps them.
 * Not part of the API; may change without notice.
 */
package dev.polystore.dynamodb.internal;
