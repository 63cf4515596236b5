package dev.polystore.tck;

import dev.polystore.UserStore;

/** The contract every {@link UserStore} passes. */
public abstract class UserStoreContract extends StoreContract<UserStore> {

  protected UserStoreContract() {
    super("user-store", UserStore::capabilities);
  }

  /** A store over an empty data set; called before each test, closed by the contract after it. */
  @Override
  protected abstract UserStore openEmptyStore();
}
