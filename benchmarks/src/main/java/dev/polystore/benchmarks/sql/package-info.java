/**
 * SQLite, PostgreSQL and MySQL/MariaDB (both drivers): Polystore's JDBI adapter against hand-written JDBC on the
 * same tables, through a HikariCP pool with the adapter's own settings. Internal to the benchmarks.
 */
package dev.polystore.benchmarks.sql;
