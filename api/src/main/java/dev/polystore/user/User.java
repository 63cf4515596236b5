package dev.polystore.user;

import dev.polystore.spi.support.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored user. Immutable. To change a user, copy it with {@link #toBuilder()}, change fields and pass the
 * result to {@code UserStore.update}; the {@code version} it carries is checked against the stored one.
 *
 * @param version starts at 1 and grows by one with every update
 * @param posts the user's posts, oldest first, when the query included {@link Include#POSTS};
 *     empty ({@code Optional.empty()}) when they were not loaded, which is not the same as no posts
 */
public record User(
    UserId id,
    String username,
    String email,
    String fullName,
    Integer age,
    boolean active,
    Instant createdAt,
    Instant updatedAt,
    long version,
    Optional<List<Post>> posts) {

  public User {
    Objects.requireNonNull(id, "id");
    Checks.userFields(username, email, fullName, age);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    posts = posts == null ? Optional.empty() : posts.map(List::copyOf);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder().id(id).username(username).email(email).fullName(fullName).age(age).active(active)
        .createdAt(createdAt).updatedAt(updatedAt).version(version);
    b.posts = posts;
    return b;
  }

  /** This user without loaded posts. */
  public User withoutPosts() {
    return posts.isEmpty() ? this : toBuilder().posts(null).build();
  }

  /** Builder for {@link User}; not thread-safe. */
  public static final class Builder extends UserFieldsBuilder<Builder> {
    private UserId id;
    private Instant createdAt;
    private Instant updatedAt;
    private long version = 1;
    private Optional<List<Post>> posts = Optional.empty();

    private Builder() {
    }

    @Override
    Builder self() {
      return this;
    }

    public Builder id(UserId id) {
      this.id = id;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /** The loaded posts, or null for "not loaded". */
    public Builder posts(List<Post> posts) {
      this.posts = Optional.ofNullable(posts);
      return this;
    }

    public User build() {
      return new User(id, username, email, fullName, age, active, createdAt, updatedAt, version, posts);
    }
  }
}
