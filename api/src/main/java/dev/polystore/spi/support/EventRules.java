package dev.polystore.spi.support;

import dev.polystore.InvalidQueryException;
import dev.polystore.event.Event;
import java.time.Duration;

/**
 * Rules of event aggregates that every adapter applies alike (see {@code EventStore.aggregate}):
 * the keys of series, tags and fields, the tag values a query matches, and the width of an aggregate window.
 * Thread-safe (stateless).
 */
public final class EventRules {

  /** The longest series, tag key or field key. */
  private static final int MAX_KEY_LENGTH = 128;

  /**
   * Keys found valid lately, one per slot by hash, compared by identity: a cache of {@link #isKey}'s answer that
   * holds nothing but valid keys. Shared by all threads without locks: a thread that sees an older entry, or none,
   * only checks the key again (strings are immutable, so a key it sees is the one that was checked).
   */
  private static final String[] KNOWN_KEYS = new String[256];

  private EventRules() {
  }

  /** Whether {@code name} is a valid series, tag key or field key: 1 to 128 of {@code [A-Za-z0-9_.-]}. */
  public static boolean isKey(String name) {
    if (name == null) {
      return false;
    }
    // Every stored event's series and keys pass here, also each time one is read back: a key checked before is
    // known by its string object (a stream's series is one object; JSON parsers hand out each key name as one).
    int slot = name.hashCode() & (KNOWN_KEYS.length - 1);
    if (KNOWN_KEYS[slot] == name) {
      return true;
    }
    if (name.isEmpty() || name.length() > MAX_KEY_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    KNOWN_KEYS[slot] = name;
    return true;
  }

  /**
   * Refuses a name a query uses as a tag key, {@code groupBy} tag or aggregate field when no event could hold
   * it.
   *
   * @throws InvalidQueryException naming {@code what} and the name
   */
  public static String requireKey(String what, String name) {
    if (!isKey(name)) {
      throw new InvalidQueryException(what + " must be 1 to 128 of [A-Za-z0-9_.-], not "
          + Messages.quote(name));
    }
    return name;
  }

  /**
   * Refuses a tag value a query matches when no event could hold it: 1 to {@value Event#MAX_TAG_VALUE_LENGTH}
   * UTF-16 characters of well-formed text without NUL, as {@link Event} requires.
   *
   * @throws InvalidQueryException naming the tag and the limit
   */
  public static String requireTagValue(String key, String value) {
    if (value == null || value.isEmpty() || value.length() > Event.MAX_TAG_VALUE_LENGTH) {
      throw new InvalidQueryException("tag " + key + " needs a tag value of 1 to " + Event.MAX_TAG_VALUE_LENGTH
          + " characters, not " + (value == null ? "null" : value.length()));
    }
    return TextRules.requireMatchable("the tag value of " + key, value);
  }

  /**
   * The length of an aggregate window in microseconds.
   *
   * @throws InvalidQueryException unless the window is positive, a whole number of microseconds and fits a
   *     {@code long} of microseconds
   */
  public static long windowMicros(Duration window) {
    if (window == null || window.isZero() || window.isNegative()) {
      throw new InvalidQueryException("an aggregate window must be positive, not " + window);
    }
    if (window.getNano() % 1_000 != 0) {
      throw new InvalidQueryException("an aggregate window must be a whole number of microseconds, not " + window);
    }
    try {
      return Math.addExact(Math.multiplyExact(window.getSeconds(), 1_000_000L), window.getNano() / 1_000);
    } catch (ArithmeticException e) {
      throw new InvalidQueryException("the aggregate window is too long: " + window, e);
    }
  }
}
