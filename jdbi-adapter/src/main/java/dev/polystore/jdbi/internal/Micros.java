package dev.polystore.jdbi.internal;

import java.time.Instant;

/** Internal: instants as whole microseconds since the epoch, the unit the stores keep. */
public final class Micros {

  private Micros() {
  }

  /** Microseconds since the epoch. */
  public static long toMicros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  /** The instant {@code micros} microseconds after the epoch. */
  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
