package dev.polystore.tck;

import java.util.Objects;

/**
 * The request costs a backend legitimately has beyond the portable model of the request-count contracts, declared
 * by the adapter's contract subclass ({@code requestCosts()}), each from what the store documents or reports
 * (such as a DynamoDB read plan), never from what a run happened to measure. The defaults are the portable model,
 * which the SQL stores meet:
 *
 * <ul>
 *   <li>{@code findByUsername}: one request ({@link #findByUsername()});</li>
 *   <li>a page of users or posts by id, without a filter, reads itself with one request; an exact total adds one;</li>
 *   <li>{@code include(POSTS)} and {@code include(TAGS)} each add one request for the whole page
 *       ({@link IncludeCost#BATCHED}), whatever its size and however many posts and tags it holds;</li>
 *   <li>{@code createAll} of up to 30 users sends one data request ({@link #createAll()}), whatever the list's
 *       size;</li>
 *   <li>{@code appendAll} of N events and {@code flush} send at most {@code ceil(N / eventsPerWrite)} write requests
 *       beyond those of appending one event; {@link #eventsPerWrite()} has no default (0, undeclared) and every
 *       event store declares it.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class RequestCosts {

  /** What loading one include for a page costs, in requests. */
  public enum IncludeCost {
    /** One request for the whole page (a batched {@code IN (...)} read); none for an empty page. */
    BATCHED,
    /** One request per item on the page (DynamoDB reads one partition at a time). */
    PER_ITEM,
    /** No request: the included data is read with the items themselves. */
    FREE;

    /** The requests of loading the include for a page of {@code items} items. */
    public int requests(int items) {
      return switch (this) {
        case BATCHED -> items == 0 ? 0 : 1;
        case PER_ITEM -> items;
        case FREE -> 0;
      };
    }
  }

  private static final RequestCosts DEFAULTS = builder().build();

  private final int findByUsername;
  private final IncludeCost postsOfUsers;
  private final IncludeCost tagsOfUsersPosts;
  private final IncludeCost tagsOfPosts;
  private final int createAll;
  private final int eventsPerWrite;

  private RequestCosts(Builder b) {
    this.findByUsername = b.findByUsername;
    this.postsOfUsers = b.postsOfUsers;
    this.tagsOfUsersPosts = b.tagsOfUsersPosts;
    this.tagsOfPosts = b.tagsOfPosts;
    this.createAll = b.createAll;
    this.eventsPerWrite = b.eventsPerWrite;
  }

  /** The portable model, as the class documentation lists it (no {@link #eventsPerWrite()}). */
  public static RequestCosts defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Requests of {@code findByUsername} of a stored user; default 1. A missing user may cost fewer, never more. */
  public int findByUsername() {
    return findByUsername;
  }

  /** The cost of {@code UserQuery.include(POSTS)}; default {@link IncludeCost#BATCHED}. */
  public IncludeCost postsOfUsers() {
    return postsOfUsers;
  }

  /** The cost of {@code include(TAGS)} with {@code include(POSTS)} in a {@code UserQuery}; default batched. */
  public IncludeCost tagsOfUsersPosts() {
    return tagsOfUsersPosts;
  }

  /** The cost of {@code PostQuery.include(TAGS)} (without a tag filter); default batched. */
  public IncludeCost tagsOfPosts() {
    return tagsOfPosts;
  }

  /** Data requests of {@code createAll} of up to 30 users, whatever their number; default 1. */
  public int createAll() {
    return createAll;
  }

  /** Events one write request of {@code appendAll} carries at most; 0 when undeclared. */
  public int eventsPerWrite() {
    return eventsPerWrite;
  }

  @Override
  public String toString() {
    return "RequestCosts{findByUsername=" + findByUsername + ", postsOfUsers=" + postsOfUsers + ", tagsOfUsersPosts="
        + tagsOfUsersPosts + ", tagsOfPosts=" + tagsOfPosts + ", createAll=" + createAll + ", eventsPerWrite="
        + eventsPerWrite + '}';
  }

  /** Builds {@link RequestCosts}; starts from the portable model. Not thread-safe. */
  public static final class Builder {
    private int findByUsername = 1;
    private IncludeCost postsOfUsers = IncludeCost.BATCHED;
    private IncludeCost tagsOfUsersPosts = IncludeCost.BATCHED;
    private IncludeCost tagsOfPosts = IncludeCost.BATCHED;
    private int createAll = 1;
    private int eventsPerWrite;

    private Builder() {
    }

    private Builder(RequestCosts c) {
      this.findByUsername = c.findByUsername;
      this.postsOfUsers = c.postsOfUsers;
      this.tagsOfUsersPosts = c.tagsOfUsersPosts;
      this.tagsOfPosts = c.tagsOfPosts;
      this.createAll = c.createAll;
      this.eventsPerWrite = c.eventsPerWrite;
    }

    public Builder findByUsername(int requests) {
      this.findByUsername = requests;
      return this;
    }

    public Builder postsOfUsers(IncludeCost cost) {
      this.postsOfUsers = Objects.requireNonNull(cost, "cost");
      return this;
    }

    public Builder tagsOfUsersPosts(IncludeCost cost) {
      this.tagsOfUsersPosts = Objects.requireNonNull(cost, "cost");
      return this;
    }

    public Builder tagsOfPosts(IncludeCost cost) {
      this.tagsOfPosts = Objects.requireNonNull(cost, "cost");
      return this;
    }

    public Builder createAll(int requests) {
      this.createAll = requests;
      return this;
    }

    public Builder eventsPerWrite(int events) {
      this.eventsPerWrite = events;
      return this;
    }

    /** @throws IllegalArgumentException when a count is below 1 (or {@code eventsPerWrite} below 0) */
    public RequestCosts build() {
      if (findByUsername < 1 || createAll < 1 || eventsPerWrite < 0) {
        throw new IllegalArgumentException("request counts are at least 1 (eventsPerWrite 0 when undeclared)");
      }
      return new RequestCosts(this);
    }
  }
}
