/**
 * Short example programs, one per capability the tutorials teach: users with their posts, filters and sorting,
 * pages, tags, transactions, errors, aggregates, the DynamoDB and InfluxDB tutorials, and configuration from the
 * environment. Each has a {@code main} taking a store URL (or a backend name, see {@link ExampleUrls}) and a
 * {@code run} method that prints what it does and what came back. Not an API: copy from it.
 */
package dev.polystore.samples.examples;
