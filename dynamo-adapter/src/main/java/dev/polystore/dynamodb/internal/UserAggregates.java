package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.userKey;
import static dev.polystore.dynamodb.internal.DynamoUserStore.POST_FILTERS;
import static dev.polystore.dynamodb.internal.DynamoUserStore.USER_FILTERS;
import static dev.polystore.dynamodb.internal.ReadPlans.USERS;

import dev.polystore.query.Filter;
import dev.polystore.spi.support.Checks;
import dev.polystore.spi.support.FieldValues;
import dev.polystore.spi.support.InMemoryFilter;
import dev.polystore.spi.support.TextOrder;
import dev.polystore.spi.support.ValueOrder;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.PostField;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: the user store's aggregates — age statistics, counts by field, top authors — computed over every
 * matching user or post, streamed page by page. Thread-safe.
 */
final class UserAggregates {

  private final DynamoReads reads;
  private final ReadPlans plans;

  /** Aggregates reading with {@code reads} ({@code DynamoReads} of the view's consistency). */
  UserAggregates(DynamoReads reads, ReadPlans plans) {
    this.reads = reads;
    this.plans = plans;
  }

  AgeStats ageStats(Filter<UserField> filter) {
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(filter);
    plans.enforce(ReadPlans.count(split), "ageStats");
    long count = 0;
    long sum = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (Iterator<User> it = users(split); it.hasNext(); ) {
      Integer age = it.next().age();
      if (age != null) {
        count++;
        sum += age;
        min = Math.min(min, age);
        max = Math.max(max, age);
      }
    }
    if (count == 0) {
      return AgeStats.empty();
    }
    return new AgeStats(count, OptionalDouble.of((double) sum / count), OptionalInt.of(min), OptionalInt.of(max));
  }

  Map<Object, Long> countBy(UserField field, Filter<UserField> filter) {
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(filter);
    plans.enforce(ReadPlans.count(split), "countBy");
    Map<Object, Long> counts = new TreeMap<>(ValueOrder.NULLS_FIRST);
    for (Iterator<User> it = users(split); it.hasNext(); ) {
      counts.merge(field.valueOf(it.next()), 1L, Long::sum);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** Every matching user, streamed page by page. */
  private Iterator<User> users(DynamoFilters.Split<UserField> split) {
    Iterator<Map<String, AttributeValue>> raw = reads.items(
        reads.request(USERS, USER_FILTERS, split, true).limit(1000).build(), "reading users");
    return InMemoryFilter.matching(DynamoReads.mapped(raw, DynamoItemCodec::user), split.residual(),
        FieldValues::of);
  }

  List<AuthorCount> topAuthors(int limit, Filter<PostField> filter) {
    Checks.topAuthorsLimit(limit);
    DynamoReads.Source source = ReadPlans.postSource(Optional.empty(), filter);
    DynamoFilters.Split<PostField> split = POST_FILTERS.split(filter);
    plans.enforce(plans.topAuthors(source, split), "topAuthors");
    Map<String, Long> counts = new HashMap<>();
    Iterator<PostItem> posts = InMemoryFilter.matching(DynamoReads.mapped(reads.items(
        reads.request(source, POST_FILTERS, split, true).limit(1000).build(), "counting posts per author"),
        PostItem.SCHEMA::mapToItem), split.residual(), DynamoItemCodec::values);
    while (posts.hasNext()) {
      counts.merge(posts.next().authorId(), 1L, Long::sum);
    }
    if (counts.isEmpty()) {
      return List.of();
    }
    // Authors by count, most first. Their profiles are read in rounds: down to the count of the last author
    // still needed (with every author tied at it), then further down when some profile is gone (an author
    // deleted since the count), so the result still holds the top `limit` authors that exist.
    List<Map.Entry<String, Long>> ranked = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    List<AuthorCount> candidates = new ArrayList<>();
    int next = 0;
    while (next < ranked.size() && candidates.size() < limit) {
      int end = Math.min(ranked.size(), next + limit - candidates.size());
      long threshold = ranked.get(end - 1).getValue();
      while (end < ranked.size() && ranked.get(end).getValue() == threshold) {
        end++;
      }
      List<Map<String, AttributeValue>> keys = ranked.subList(next, end).stream()
          .map(en -> userKey(UUID.fromString(en.getKey()))).toList();
      for (Map<String, AttributeValue> raw : reads.batchGet(keys, "reading authors")) {
        UserItem user = UserItem.SCHEMA.mapToItem(raw);
        candidates.add(new AuthorCount(UserId.of(UUID.fromString(user.id())), user.username(), counts.get(user.id())));
      }
      next = end;
    }
    candidates.sort(Comparator.comparingLong(AuthorCount::posts).reversed()
        .thenComparing(AuthorCount::username, TextOrder.CODE_POINTS));
    return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
  }
}
