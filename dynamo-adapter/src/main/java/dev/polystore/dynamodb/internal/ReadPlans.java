package dev.polystore.dynamodb.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.dynamodb.DynamoReadPlan;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.spi.support.Messages;
import dev.polystore.spi.support.SortKeys;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: which key range a query of the user store reads, what of it DynamoDB cannot do and memory does, and
 * whether it scans — the {@link DynamoReadPlan}s — and the {@code scan.policy} that lets a scan go ahead or not.
 * Thread-safe (immutable).
 */
final class ReadPlans {

  /** Every user: the users' partition of {@code gsi1}. */
  static final DynamoReads.Source USERS = DynamoReads.Source.index(DynamoTable.USERS_PARTITION);
  /** Every post: the posts' partition of {@code gsi1}. */
  static final DynamoReads.Source POSTS = DynamoReads.Source.index(DynamoTable.POSTS_PARTITION);

  private static final Logger LOG = LoggerFactory.getLogger(DynamoUserStore.class);

  private final DynamoStoreOptions options;

  ReadPlans(DynamoStoreOptions options) {
    this.options = options;
  }

  /** The plan of a page of users. */
  DynamoReadPlan users(UserQuery query, DynamoFilters.Split<UserField> split) {
    return planOf(USERS, "user", split, query.sort(), UserField.ID, query.page(), query.countMode(), true);
  }

  /** The plan of a page of posts read from {@code source}. */
  DynamoReadPlan posts(PostQuery query, DynamoReads.Source source, DynamoFilters.Split<PostField> split) {
    return planOf(source, "post", split, query.sort(), PostField.ID, query.page(), query.countMode(), source == POSTS);
  }

  /** The plan of counting the posts of each author read from {@code source}. */
  DynamoReadPlan topAuthors(DynamoReads.Source source, DynamoFilters.Split<PostField> split) {
    DynamoReadPlan plan = planOf(source, "post", split, List.of(), PostField.ID, PageRequest.first(1), CountMode.NONE,
        source == POSTS);
    return source != POSTS ? plan
        : new DynamoReadPlan(plan.access(), Optional.of("it reads every post to count posts per author"),
            plan.emulated());
  }

  /** The plan of counting or aggregating users. */
  static DynamoReadPlan count(DynamoFilters.Split<UserField> split) {
    return new DynamoReadPlan(USERS.description() + (split.expressible() == null ? "" : ", filter expression")
        + " (Select.COUNT)", Optional.of("it reads every user to count or aggregate them"), emulation(split, List.of(),
        UserField.ID, PageRequest.first(1)));
  }

  private <F extends Enum<F> & dev.polystore.query.Field> DynamoReadPlan planOf(
      DynamoReads.Source source, String noun, DynamoFilters.Split<F> split, List<Sort<F>> sort, F idField,
      PageRequest page, CountMode countMode, boolean wholeType) {
    List<String> why = new ArrayList<>();
    if (wholeType) {
      if (split.expressible() != null || split.residual() != null) {
        why.add("no key or index matches the filter, so it is evaluated on every " + noun);
      }
      if (!SortKeys.of(sort, idField).byIdOnly()) {
        why.add("sorting by " + sort + " needs every matching " + noun + " in memory");
      }
      if (page.isOffset() && page.offset() > 0) {
        why.add("an offset page reads and skips the " + noun + "s before it");
      }
      if (countMode == CountMode.EXACT) {
        why.add("an exact total counts every matching " + noun);
      }
    }
    String access = source.description() + (split.expressible() == null ? "" : ", filter expression");
    return new DynamoReadPlan(access, why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why)),
        emulation(split, sort, idField, page));
  }

  private static <F extends Enum<F> & dev.polystore.query.Field> Optional<String> emulation(
      DynamoFilters.Split<F> split, List<Sort<F>> sort, F idField, PageRequest page) {
    List<String> what = new ArrayList<>();
    if (split.residual() != null) {
      // bounded: a residual filter may hold in-lists of thousands of values
      what.add("filter " + Messages.bounded(split.residual().toString()) + " evaluated in memory on the streamed"
          + " items");
    }
    if (!SortKeys.of(sort, idField).byIdOnly()) {
      what.add("sort " + sort + " in memory (bounded by memory.max.items)");
    }
    if (page.isOffset() && page.offset() > 0) {
      what.add("offset " + page.offset() + " skipped in memory (bounded by memory.max.items)");
    }
    return what.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", what));
  }

  /**
   * Lets a plan that scans go ahead (logged at debug level), unless {@code scan.policy} is {@code FORBID}.
   *
   * @throws InvalidQueryException when the plan scans and scans are forbidden
   */
  void enforce(DynamoReadPlan plan, String operation) {
    if (!plan.scans()) {
      return;
    }
    if (options.scanPolicy() == DynamoStoreOptions.ScanPolicy.FORBID) {
      throw new InvalidQueryException(operation + " would scan on DynamoDB (" + plan.scanReason().get()
          + ") and scan.policy is FORBID; access: " + plan.access());
    }
    LOG.debug("{} scans: {}", operation, plan);
  }

  /** The tag's partition, else the author's item collection, else every post. */
  static DynamoReads.Source postSource(Optional<String> tag, Filter<PostField> filter) {
    if (tag.isPresent()) {
      return DynamoReads.Source.index(DynamoTable.TAG + tag.get());
    }
    UUID author = authorOf(filter);
    return author == null ? POSTS : UserItemReads.userPosts(author);
  }

  /** The author of an {@code eq(AUTHOR_ID, ...)} at the top level of the filter, if any. */
  private static UUID authorOf(Filter<PostField> filter) {
    List<Filter<PostField>> parts = filter instanceof Filter.And<PostField> and ? and.parts() : List.of(filter);
    for (Filter<PostField> part : parts) {
      if (part instanceof Filter.Compare<PostField> c && c.field() == PostField.AUTHOR_ID && c.op() == Filter.Op.EQ) {
        return (UUID) c.value();
      }
    }
    return null;
  }
}
