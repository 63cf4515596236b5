package dev.polystore.spi.support;

import dev.polystore.InvalidQueryException;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Argument rules shared by the value types and the adapters. Every text must be well-formed and
 * without NUL ({@link TextRules}). Thread-safe (stateless).
 */
public final class Checks {
  public static final int MAX_TAG_LENGTH = 64;
  public static final int MAX_TAGS_PER_CALL = 100;
  /** The largest {@code limit} of {@link dev.polystore.UserStore#topAuthors}. */
  public static final int MAX_TOP_AUTHORS = 1000;

  private Checks() {
  }

  /** Checks the fields a user is created with and keeps (see {@link NewUser} for the rules). */
  public static void userFields(String username, String email, String fullName, Integer age) {
    username(username);
    email(email);
    fullName(fullName);
    age(age);
  }

  public static String username(String username) {
    requireText("username", username, NewUser.MAX_USERNAME_LENGTH);
    return username;
  }

  public static String email(String email) {
    requireText("email", email, NewUser.MAX_EMAIL_LENGTH);
    int at = email.indexOf('@');
    if (at <= 0 || at == email.length() - 1 || email.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("email must look like name@domain, without spaces: " + Messages.quote(email));
    }
    return email;
  }

  public static String fullName(String fullName) {
    TextRules.requireStorable("fullName", fullName);
    if (fullName != null && fullName.codePointCount(0, fullName.length()) > NewUser.MAX_FULL_NAME_LENGTH) {
      throw new IllegalArgumentException("fullName must be at most " + NewUser.MAX_FULL_NAME_LENGTH + " characters");
    }
    return fullName;
  }

  public static Integer age(Integer age) {
    if (age != null && (age < 0 || age > NewUser.MAX_AGE)) {
      throw new IllegalArgumentException("age must be between 0 and " + NewUser.MAX_AGE + ", not " + age);
    }
    return age;
  }

  public static String title(String title) {
    requireText("title", title, NewPost.MAX_TITLE_LENGTH);
    return title;
  }

  public static String content(String content) {
    if (content == null) {
      throw new IllegalArgumentException("content must not be null (it may be empty)");
    }
    TextRules.requireStorable("content", content);
    if (content.length() > NewPost.MAX_CONTENT_LENGTH) {
      throw new IllegalArgumentException("content must be at most " + NewPost.MAX_CONTENT_LENGTH + " characters");
    }
    return content;
  }

  /** A tag is 1 to 64 characters of well-formed text without NUL, not blank, case-sensitive, kept as given. */
  public static String tag(String tag) {
    if (tag == null || tag.isBlank()) {
      throw new IllegalArgumentException("a tag must not be null or blank");
    }
    TextRules.requireStorable("a tag", tag);
    if (tag.codePointCount(0, tag.length()) > MAX_TAG_LENGTH) {
      throw new IllegalArgumentException("a tag must be at most " + MAX_TAG_LENGTH + " characters: " + Messages.quote(tag));
    }
    return tag;
  }

  /** Checks each tag and returns an ordered copy without repeats. */
  public static Set<String> tags(Set<String> tags) {
    Objects.requireNonNull(tags, "tags");
    if (tags.size() > MAX_TAGS_PER_CALL) {
      throw new IllegalArgumentException("at most " + MAX_TAGS_PER_CALL + " tags per call, not " + tags.size());
    }
    Set<String> out = new LinkedHashSet<>();
    for (String tag : tags) {
      out.add(tag(tag));
    }
    return out;
  }

  /**
   * The {@code limit} of {@link dev.polystore.UserStore#topAuthors}.
   *
   * @throws InvalidQueryException unless it is 1 to {@value #MAX_TOP_AUTHORS}
   */
  public static int topAuthorsLimit(int limit) {
    if (limit < 1 || limit > MAX_TOP_AUTHORS) {
      throw new InvalidQueryException("topAuthors limit must be 1 to " + MAX_TOP_AUTHORS + ", not " + limit);
    }
    return limit;
  }

  private static void requireText(String name, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be null or blank");
    }
    TextRules.requireStorable(name, value);
    if (value.codePointCount(0, value.length()) > maxLength) {
      throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters");
    }
  }
}
