package dev.polystore.dynamodb;

import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.PostQuery;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;

/**
 * Says, without reading anything, how a DynamoDB user store would answer a read, and whether it scans. Every
 * {@link UserStore} opened by this adapter implements it; {@link DynamoStores#readPlanner(UserStore)} finds it.
 * With {@link DynamoStoreOptions.ScanPolicy#FORBID} the reads whose plan {@link DynamoReadPlan#scans() scans}
 * throw {@link dev.polystore.InvalidQueryException}. Implementations are thread-safe.
 */
public interface DynamoReadPlanner {

  /** The plan of {@link UserStore#find(UserQuery)}. */
  DynamoReadPlan plan(UserQuery query);

  /** The plan of {@link UserStore#findPosts(PostQuery)}. */
  DynamoReadPlan plan(PostQuery query);

  /** The plan of {@link UserStore#count(Filter)} (and of the aggregates over users, which read alike). */
  DynamoReadPlan planCount(Filter<UserField> filter);
}
