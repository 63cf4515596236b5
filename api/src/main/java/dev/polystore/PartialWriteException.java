package dev.polystore;

/**
 * A write that the backend cannot make atomic failed after part of it was applied. Only the writes a backend
 * documents as not atomic throw it (on DynamoDB: an {@code appendAll} of more than 25 events, a
 * {@code deleteBefore} of more than 25, the delete of a user with more posts than one transaction holds, and the
 * delete of a post with more tags than one transaction holds); every other write is applied in full or not at
 * all.
 *
 * <p>The message says what was written and what was not; the cause is the failure that stopped the write (an
 * outage, a lost reply, a refusal). Each such write is idempotent — events replace themselves, deleted items stay
 * deleted, a user is removed last — so repeating the call completes it.
 */
public class PartialWriteException extends StoreException {
  private static final long serialVersionUID = 1L;

  public PartialWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
