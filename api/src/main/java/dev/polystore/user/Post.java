package dev.polystore.user;

import dev.polystore.spi.support.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A stored post. Immutable.
 *
 * @param tags the post's tags, sorted, when they were loaded ({@link Include#TAGS}, or
 *     {@code UserStore.getPost}); empty ({@code Optional.empty()}) when not loaded
 */
public record Post(PostId id, UserId authorId, String title, String content, Instant createdAt,
                   Optional<Set<String>> tags) {

  public Post {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(authorId, "authorId");
    Checks.title(title);
    Checks.content(content);
    Objects.requireNonNull(createdAt, "createdAt");
    tags = tags == null ? Optional.empty()
        : tags.map(t -> Collections.unmodifiableSet(new TreeSet<>(t)));
  }

  /** A copy of this post carrying the given tags (null for "not loaded"). */
  public Post withTags(Set<String> tags) {
    return new Post(id, authorId, title, content, createdAt, Optional.ofNullable(tags));
  }
}
