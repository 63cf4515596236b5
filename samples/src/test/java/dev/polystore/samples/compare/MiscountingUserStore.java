package dev.polystore.samples.compare;

import dev.polystore.Capabilities;
import dev.polystore.ReadConsistency;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** A user store that answers every {@code count} one too high and does everything else as its delegate does. */
final class MiscountingUserStore implements UserStore {

  private final UserStore delegate;

  MiscountingUserStore(UserStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public long count(Filter<UserField> filter) {
    return delegate.count(filter) + 1;
  }

  @Override
  public User create(NewUser user) {
    return delegate.create(user);
  }

  @Override
  public List<User> createAll(List<NewUser> users) {
    return delegate.createAll(users);
  }

  @Override
  public Optional<User> get(UserId id) {
    return delegate.get(id);
  }

  @Override
  public Optional<User> findByUsername(String username) {
    return delegate.findByUsername(username);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    return delegate.findByEmail(email);
  }

  @Override
  public User update(User changed) {
    return delegate.update(changed);
  }

  @Override
  public boolean delete(UserId id) {
    return delegate.delete(id);
  }

  @Override
  public boolean delete(UserId id, long expectedVersion) {
    return delegate.delete(id, expectedVersion);
  }

  @Override
  public Page<User> find(UserQuery query) {
    return delegate.find(query);
  }

  @Override
  public Post addPost(UserId author, NewPost post) {
    return delegate.addPost(author, post);
  }

  @Override
  public Optional<Post> getPost(PostId id) {
    return delegate.getPost(id);
  }

  @Override
  public boolean deletePost(PostId id) {
    return delegate.deletePost(id);
  }

  @Override
  public Page<Post> findPosts(PostQuery query) {
    return delegate.findPosts(query);
  }

  @Override
  public void tag(PostId post, Set<String> tags) {
    delegate.tag(post, tags);
  }

  @Override
  public void untag(PostId post, Set<String> tags) {
    delegate.untag(post, tags);
  }

  @Override
  public Set<String> tagsOf(PostId post) {
    return delegate.tagsOf(post);
  }

  @Override
  public AgeStats ageStats(Filter<UserField> filter) {
    return delegate.ageStats(filter);
  }

  @Override
  public Map<Object, Long> countBy(UserField field, Filter<UserField> filter) {
    return delegate.countBy(field, filter);
  }

  @Override
  public List<AuthorCount> topAuthors(int limit, Filter<PostField> filter) {
    return delegate.topAuthors(limit, filter);
  }

  @Override
  public <T> T inTransaction(Function<UserStore, T> work) {
    return delegate.inTransaction(work);
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public UserStore reading(ReadConsistency consistency) {
    return new MiscountingUserStore(delegate.reading(consistency));
  }

  @Override
  public ReadConsistency readConsistency() {
    return delegate.readConsistency();
  }
}
