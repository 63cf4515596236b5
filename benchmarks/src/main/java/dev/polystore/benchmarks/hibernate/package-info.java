/**
 * The peer: Hibernate ORM on PostgreSQL, mapping the JDBI adapter's tables, with JDBC batches of 1,000, ordered
 * inserts and the same HikariCP pool settings. Internal to the benchmarks.
 */
package dev.polystore.benchmarks.hibernate;
