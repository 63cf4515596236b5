package dev.polystore.user;

import java.util.UUID;

/** A typed entity id. Ids are UUIDv7 (time-ordered), generated client-side, identical on every backend. */
public sealed interface EntityId permits UserId, PostId {
  UUID value();
}
