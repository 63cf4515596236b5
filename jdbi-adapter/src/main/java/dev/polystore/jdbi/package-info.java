/**
 * API of the JDBI adapter: SQLite, PostgreSQL and MySQL/MariaDB behind {@link dev.polystore.UserStore} and
 * {@link dev.polystore.EventStore}. Applications usually open stores by URL through
 * {@link dev.polystore.Stores}, which finds {@link dev.polystore.jdbi.JdbiStoreProvider}; applications that own
 * a {@code DataSource} or a {@code Jdbi} use {@link dev.polystore.jdbi.JdbiStores}. Options are in
 * {@link dev.polystore.jdbi.JdbiStoreOptions}. The application's own SQL runs on a store's {@code Jdbi} and, inside
 * {@code inTransaction}, on the transaction's {@code Handle} ({@link dev.polystore.UserStore#unwrap}); the tables it
 * may read and the schema version are described by {@link dev.polystore.jdbi.JdbiSchema}.
 */
package dev.polystore.jdbi;
