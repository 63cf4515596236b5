package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.DuplicateKeyException;
import dev.polystore.UserStore;
import dev.polystore.tck.UserNativeAccessContract;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;

/**
 * The native-access contract on the JDBI adapter, with the application's SQL as a SqlObject DAO ({@link NotesDao}):
 * attached to the transaction's {@link Handle} inside {@code inTransaction}, on demand on the store's {@link Jdbi}
 * outside. Adds what only SQL backends do: a native read on the transaction's handle sees the transaction's own
 * writes, the store's {@code Jdbi} used on the callback's thread joins the transaction, a failed native statement in
 * a nested transaction (a savepoint) leaves the transaction usable, the schema history tells the version, and the
 * {@link DataSource} serves plain JDBC. One subclass per backend opens the store.
 */
abstract class JdbiUserNativeAccessContract extends UserNativeAccessContract {

  /** The store, opened (so migrated) over an empty schema; the contract clears the application's table. */
  protected abstract UserStore openStore();

  /** The newest Polystore schema version of the dialect (MySQL/MariaDB have one more). */
  protected int schemaVersion() {
    return 2;
  }

  @Override
  protected final UserStore openEmptyStore() {
    UserStore store = openStore();
    store.unwrapOrThrow(Jdbi.class).useExtension(NotesDao.class, notes -> {
      notes.createTable();
      notes.deleteAll();
    });
    return store;
  }

  @Override
  protected Set<Class<?>> storeTypes() {
    return Set.of(Jdbi.class, DataSource.class);
  }

  @Override
  protected Set<Class<?>> transactionTypes() {
    return Set.of(Handle.class);
  }

  @Override
  protected Optional<String> nativeUsername(UserStore store, UserId id) {
    return store.unwrapOrThrow(Jdbi.class).withExtension(NotesDao.class, notes -> notes.username(id.value()));
  }

  @Override
  protected void nativeWrite(UserStore transaction, String key) {
    transaction.unwrapOrThrow(Handle.class).attach(NotesDao.class).insert(key);
  }

  @Override
  protected boolean nativeRecordExists(UserStore store, String key) {
    return store.unwrapOrThrow(Jdbi.class).onDemand(NotesDao.class).count(key) > 0;
  }

  // ---- what only SQL backends do ---------------------------------------------------------------

  @Test
  void aNativeReadOnTheTransactionsHandleSeesTheTransactionsOwnWrites() {
    User ann = store().inTransaction(tx -> {
      User created = tx.create(user("ann"));
      assertEquals(Optional.of("ann"), tx.unwrapOrThrow(Handle.class).attach(NotesDao.class).username(created.id()
          .value()), "the transaction's handle sees its uncommitted write");
      return created;
    });
    assertEquals(Optional.of("ann"), nativeUsername(store(), ann.id()));
  }

  @Test
  void theStoresJdbiUsedOnTheCallbacksThreadJoinsTheTransaction() {
    Jdbi jdbi = store().unwrapOrThrow(Jdbi.class);
    assertThrows(IllegalStateException.class, () -> store().useTransaction(tx -> {
      tx.create(user("ann"));
      jdbi.onDemand(NotesDao.class).insert("on-demand");
      assertSame(tx.unwrapOrThrow(Handle.class), jdbi.withHandle(h -> h),
          "JDBI hands out the thread's open handle: the transaction's");
      throw new IllegalStateException("roll back");
    }));
    assertAll(
        () -> assertFalse(nativeRecordExists(store(), "on-demand"), "the on-demand write rolled back"),
        () -> assertEquals(Optional.empty(), store().findByUsername("ann")));
  }

  @Test
  void aFailedNativeStatementInANestedTransactionLeavesTheTransactionUsable() {
    store().unwrapOrThrow(Jdbi.class).useExtension(NotesDao.class, notes -> notes.insert("taken"));
    User ann = store().inTransaction(tx -> {
      assertThrows(JdbiException.class, () -> tx.useTransaction(savepoint ->
          savepoint.unwrapOrThrow(Handle.class).attach(NotesDao.class).insert("taken")), "a duplicate key");
      nativeWrite(tx, "after");
      return tx.create(user("ann"));
    });
    assertAll(
        () -> assertEquals(Optional.of(ann), store().get(ann.id())),
        () -> assertTrue(nativeRecordExists(store(), "after")));
  }

  @Test
  void aNativeFailureLeavingTheCallbackRollsBackAndIsTranslatedWithJdbisExceptionAsCause() {
    store().unwrapOrThrow(Jdbi.class).useExtension(NotesDao.class, notes -> notes.insert("taken"));
    DuplicateKeyException e = assertThrows(DuplicateKeyException.class, () -> store().useTransaction(tx -> {
      tx.create(user("ann"));
      nativeWrite(tx, "taken");
    }));
    assertAll(
        () -> assertInstanceOf(JdbiException.class, e.getCause(), "JDBI's exception is the cause"),
        () -> assertEquals(Optional.empty(), store().findByUsername("ann"), "the store's write rolled back"));
  }

  @Test
  void theSchemaHistoryTellsWhichVersionTheTablesAre() {
    assertEquals(schemaVersion(), store().unwrapOrThrow(Jdbi.class).withHandle(JdbiSchema::installedVersion));
    assertEquals(schemaVersion(), (int) store().inTransaction(tx ->
        JdbiSchema.installedVersion(tx.unwrapOrThrow(Handle.class))), "in a transaction too");
  }

  @Test
  void thePlainJdbcOfTheDataSourceSeesTheStoresWrites() throws SQLException {
    Optional<DataSource> dataSource = store().unwrap(DataSource.class);
    if (!storeTypes().contains(DataSource.class)) {
      assertEquals(Optional.empty(), dataSource, "this store has no data source to offer");
      return;
    }
    User ann = store().create(user("ann"));
    try (Connection connection = dataSource.orElseThrow().getConnection();
         PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM users WHERE username_key = ?")) {
      count.setString(1, "ann");
      try (ResultSet rs = count.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1), "the row of " + ann.id());
      }
    }
  }
}
