/**
 * Internal: the DynamoDB stores, their table layout, item schemas, filter translation and write helpers.
 * Not part of the API; may change without notice.
 */
package dev.polystore.dynamodb.internal;
