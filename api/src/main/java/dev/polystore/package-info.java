/**
 * API: the entry points ({@link dev.polystore.Stores}, {@link dev.polystore.StoreConfig}), the store
 * interfaces ({@link dev.polystore.UserStore}, {@link dev.polystore.EventStore}), capabilities and the
 * exception hierarchy rooted at {@link dev.polystore.StoreException}.
 */
package dev.polystore;
