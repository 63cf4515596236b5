package dev.polystore;

/**
 * The backend could not be reached, dropped the connection or did not answer in time.
 *
 * <p>What it promises depends on its type:
 *
 * <ul>
 *   <li>A plain {@code StoreUnavailableException} from a write means the write took no effect: the store knows it
 *       was never applied (the backend was not reached, or the transaction was not committed), so repeating the
 *       call later is safe.
 *   <li>An {@link OutcomeUnknownException} (a subclass) means the store could not establish whether the write took
 *       effect: it may have been applied in full, or not at all. Read before repeating it.
 *   <li>From a read, either type means only that the read failed; reads have no effect to be unsure about.
 * </ul>
 *
 * <p>Neither promises that retrying will succeed: the backend may stay unavailable. Stores retry the failures
 * they can safely retry themselves (a broken pooled connection before anything was sent, throttling) before
 * throwing it. {@code docs/failures.md} lists, per operation, what a caller may conclude.
 */
public class StoreUnavailableException extends StoreException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
