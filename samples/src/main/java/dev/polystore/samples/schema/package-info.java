/** The {@code schema} command: migrations of SQL databases (Flyway), DynamoDB's table, InfluxDB's database. */
package dev.polystore.samples.schema;
