/**
 * API of the JDBI adapter: SQLite, PostgreSQL and MySQL/MariaDB behind {@link dev.polystore.UserStore} and
 * {@link dev.polystore.EventStore}. Applications usually open stores by URL through
 * {@link dev.polystore.Stores}, which finds {@link dev.polystore.jdbi.JdbiStoreProvider}; applications that own
 * a {@code DataSource} or a {@code Jdbi} use {@link dev.polystore.jdbi.JdbiStores}. Options are in
 * {@link dev.polystore.jdbi.JdbiStoreOptions}.
 */
package dev.polystore.jdbi;
