package dev.polystore.user;

import dev.polystore.spi.support.Checks;

/**
 * A post to add. Immutable. {@code title} is 1 to 200 characters and not blank; {@code content} is not
 * null, may be empty, and is at most {@value #MAX_CONTENT_LENGTH} characters (a backend may have a lower
 * item-size limit and says so with a clear error). Both are well-formed UTF-16 without NUL ({@code U+0000}).
 */
public record NewPost(String title, String content) {

  public static final int MAX_TITLE_LENGTH = 200;
  public static final int MAX_CONTENT_LENGTH = 1_000_000;

  public NewPost {
    Checks.title(title);
    Checks.content(content);
  }

  public static NewPost of(String title, String content) {
    return new NewPost(title, content);
  }
}
