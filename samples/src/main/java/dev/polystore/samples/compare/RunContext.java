package dev.polystore.samples.compare;

import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.samples.backends.Backend;
import dev.polystore.user.PostId;
import dev.polystore.user.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the operations of one backend share while the workload runs: the backend, the workload size, and the ids
 * its store gave the users and posts (ids differ between backends, so answers never show them). Not thread-safe:
 * one backend's operations run one after the other.
 */
public final class RunContext {

  private final Backend backend;
  private final WorkloadSize size;
  private final Map<String, UserId> userIds = new HashMap<>();
  private final List<PostId> postIds = new ArrayList<>();
  private final List<String> postAuthors = new ArrayList<>();

  public RunContext(Backend backend, WorkloadSize size) {
    this.backend = backend;
    this.size = size;
  }

  public Backend backend() {
    return backend;
  }

  public WorkloadSize size() {
    return size;
  }

  /** The user store; the operation's role guarantees there is one. */
  public UserStore users() {
    return backend.users().orElseThrow();
  }

  public EventStore events() {
    return backend.events().orElseThrow();
  }

  /** The id the store gave {@code username}. */
  public UserId userId(String username) {
    UserId id = userIds.get(username);
    if (id == null) {
      throw new IllegalStateException("no user " + username + " was created");
    }
    return id;
  }

  public void rememberUser(String username, UserId id) {
    userIds.put(username, id);
  }

  /** Posts in creation order, with the index of their author. */
  public List<PostId> postIds() {
    return postIds;
  }

  public List<String> postAuthors() {
    return postAuthors;
  }

  public void rememberPost(PostId id, String author) {
    postIds.add(id);
    postAuthors.add(author);
  }
}
