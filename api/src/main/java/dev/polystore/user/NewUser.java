package dev.polystore.user;

import dev.polystore.spi.support.Checks;

/**
 * A user to create. Immutable; build with {@link #builder()}.
 *
 * <p>Rules, checked in the constructor: {@code username} is 1 to 100 characters and not blank;
 * {@code email} is at most 254 characters with an {@code @} between non-empty parts; {@code fullName} may
 * be null or any string up to 200 characters (the empty string is kept, distinct from null);
 * {@code age} may be null or 0 to 200. Every text is well-formed UTF-16 without NUL ({@code U+0000}): an
 * unpaired surrogate could not be stored as given, and NUL not on every backend. Lengths count code points.
 * Username and e-mail are unique case-insensitively; their case is kept as given, and trailing spaces are
 * significant ({@code "ann"} and {@code "ann "} are two usernames) on every backend.
 *
 * @param active defaults to {@code true}
 */
public record NewUser(String username, String email, String fullName, Integer age, boolean active) {

  public static final int MAX_USERNAME_LENGTH = 100;
  public static final int MAX_EMAIL_LENGTH = 254;
  public static final int MAX_FULL_NAME_LENGTH = 200;
  public static final int MAX_AGE = 200;

  public NewUser {
    Checks.userFields(username, email, fullName, age);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().username(username).email(email).fullName(fullName).age(age).active(active);
  }

  /** Builder for {@link NewUser}; not thread-safe. */
  public static final class Builder extends UserFieldsBuilder<Builder> {
    private Builder() {
    }

    @Override
    Builder self() {
      return this;
    }

    public NewUser build() {
      return new NewUser(username, email, fullName, age, active);
    }
  }
}
