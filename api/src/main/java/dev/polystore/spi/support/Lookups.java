package dev.polystore.spi.support;

import dev.polystore.InvalidQueryException;
import dev.polystore.user.NewUser;

/**
 * The arguments of look-ups by a text key ({@code UserStore.findByUsername}, {@code findByEmail}, posts by
 * tag), checked in this one place by every adapter before anything is read. An argument is refused with
 * {@link InvalidQueryException} when it is null, is not well-formed text without NUL ({@link TextRules}) or is
 * longer than the key it looks up can be (naming the key and the limit); any other argument is looked up, and one
 * no stored row can hold (blank, or an e-mail without {@code @}) finds nothing. Thread-safe (stateless).
 */
public final class Lookups {

  private Lookups() {
  }

  /** The argument of {@code findByUsername}: at most {@value NewUser#MAX_USERNAME_LENGTH} characters. */
  public static String username(String username) {
    return key("username", username, NewUser.MAX_USERNAME_LENGTH);
  }

  /** The argument of {@code findByEmail}: at most {@value NewUser#MAX_EMAIL_LENGTH} characters. */
  public static String email(String email) {
    return key("email", email, NewUser.MAX_EMAIL_LENGTH);
  }

  /** A tag to find posts by: at most {@value Checks#MAX_TAG_LENGTH} characters. */
  public static String tag(String tag) {
    return key("tag", tag, Checks.MAX_TAG_LENGTH);
  }

  private static String key(String name, String value, int maxLength) {
    if (value == null) {
      throw new InvalidQueryException("a look-up by " + name + " needs a value, not null");
    }
    return TextRules.requireMatchable(name, value, maxLength);
  }
}
