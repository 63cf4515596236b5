package dev.polystore.dynamodb.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.ReadConsistency;
import dev.polystore.StoreUnavailableException;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.query.Field;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.spi.CursorCodec;
import dev.polystore.query.Page;
import dev.polystore.spi.support.FieldValues;
import dev.polystore.spi.support.InMemoryFilter;
import dev.polystore.spi.support.InMemoryWindow;
import dev.polystore.spi.support.SortKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Internal: reading pages, counts and streams of items from one key range (a partition of the table or of
 * {@code gsi1}), with a filter expression, an in-memory residual filter ({@link InMemoryFilter}), and — where
 * DynamoDB has no matching order — a bounded in-memory sort ({@link InMemoryWindow}). Cursors wrap the key of the
 * last returned item (native order) or its sort values and id (emulated order).
 *
 * <p>Reads of the table (not of an index) and {@code BatchGetItem} calls are strongly consistent
 * ({@code ConsistentRead}) when the instance reads {@link ReadConsistency#STRONG}, DynamoDB's default (eventually
 * consistent, half the read capacity) when it reads {@link ReadConsistency#EVENTUAL}; reads of {@code gsi1} are
 * eventually consistent either way, as DynamoDB's secondary indexes only are. Thread-safe.
 */
final class DynamoReads {

  private static final int MAX_BATCH_GET = 100;

  /** Where a read looks: one partition of the table ({@code index == null}) or of an index. */
  record Source(String description, String index, String partitionAttribute, String partition, String sortPrefix) {

    static Source table(String partition, String sortPrefix) {
      return new Source("Query table where pk = " + partition + (sortPrefix == null ? ""
          : " and begins_with(sk, " + sortPrefix + ")"), null, DynamoTable.PK, partition, sortPrefix);
    }

    static Source index(String partition) {
      return new Source("Query " + DynamoTable.GSI1 + " where gsi1pk = " + partition, DynamoTable.GSI1,
          DynamoTable.GSI1PK, partition, null);
    }

    /** Whether DynamoDB can read it strongly consistent: the table can, a secondary index cannot. */
    boolean consistent() {
      return index == null;
    }
  }

  private final DynamoDbClient client;
  private final String table;
  private final CursorCodec cursors;
  private final DynamoRetry retry;
  private final int maxInMemory;
  private final DynamoReadPool pool;
  /** Whether reads of the table ask for {@code ConsistentRead}. */
  private final boolean strong;
  /** This instance's sibling of the other consistency, sharing everything else. */
  private final DynamoReads other;

  /**
   * Strong reads of the options' table, bounded by {@code memory.max.items}, with cursors signed by
   * {@code cursor.secret} (a random key without one); {@link #withConsistency} gives the eventual ones.
   *
   * @param pool runs the {@code BatchGetItem} calls of one {@link #batchGet} (not owned: the store closes it)
   */
  DynamoReads(DynamoDbClient client, DynamoStoreOptions options, DynamoRetry retry, DynamoReadPool pool) {
    this.client = client;
    this.table = options.tableName();
    this.cursors = options.cursorSecret().map(CursorCodec::withSecret).orElseGet(CursorCodec::withRandomSecret);
    this.retry = retry;
    this.maxInMemory = options.maxInMemoryItems();
    this.pool = pool;
    this.strong = true;
    this.other = new DynamoReads(this);
  }

  /** The eventual sibling of {@code strong}: the same table, cursor key, limits and pool. */
  private DynamoReads(DynamoReads strong) {
    this.client = strong.client;
    this.table = strong.table;
    this.cursors = strong.cursors;
    this.retry = strong.retry;
    this.maxInMemory = strong.maxInMemory;
    this.pool = strong.pool;
    this.strong = false;
    this.other = strong;
  }

  /** The reads of the given consistency: this instance or its sibling. */
  DynamoReads withConsistency(ReadConsistency consistency) {
    return (consistency == ReadConsistency.STRONG) == strong ? this : other;
  }

  /** A query of the source, with the filter's expressible part as filter expression. */
  <F extends Enum<F> & Field> QueryRequest.Builder request(Source source, DynamoFilters<F> filters,
                                                          DynamoFilters.Split<F> split, boolean forward) {
    DynamoExpression e = new DynamoExpression();
    String key = e.name(source.partitionAttribute()) + " = " + e.value(DynamoTable.s(source.partition()));
    if (source.sortPrefix() != null) {
      key += " AND begins_with(" + e.name(DynamoTable.SK) + ", " + e.value(DynamoTable.s(source.sortPrefix())) + ")";
    }
    String filter = split.expressible() == null ? null : filters.expression(split.expressible(), e);
    return QueryRequest.builder()
        .tableName(table)
        .indexName(source.index())
        .keyConditionExpression(key)
        .filterExpression(filter)
        .expressionAttributeNames(e.names())
        .expressionAttributeValues(e.values())
        .scanIndexForward(forward)
        .consistentRead(strong && source.consistent() ? Boolean.TRUE : null);
  }

  /** The items of a query, page after page, read lazily; SDK errors are translated. */
  Iterator<Map<String, AttributeValue>> items(QueryRequest request, String what) {
    Iterator<Map<String, AttributeValue>> inner;
    try {
      inner = client.queryPaginator(request).items().iterator();
    } catch (SdkException e) {
      throw DynamoErrors.translate(e, what);
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return inner.hasNext();
        } catch (SdkException e) {
          throw DynamoErrors.translate(e, what);
        }
      }

      @Override
      public Map<String, AttributeValue> next() {
        try {
          return inner.next();
        } catch (SdkException e) {
          throw DynamoErrors.translate(e, what);
        }
      }
    };
  }

  /** Every item of a query, for small reads (an item collection). */
  List<Map<String, AttributeValue>> all(QueryRequest request, String what) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    items(request, what).forEachRemaining(out::add);
    return out;
  }

  /**
   * One page, before children are loaded and without a total: in the source's key order when {@code sort} is by
   * the id alone ({@link SortKeys#byIdOnly()}), else sorted in memory (at most {@code memory.max.items} matching
   * items).
   */
  <F extends Enum<F> & Field, T> Page<T> window(Source source, DynamoFilters<F> filters, DynamoFilters.Split<F> split,
                                               List<Sort<F>> sort, F idField, PageRequest page,
                                                 Function<Map<String, AttributeValue>, T> mapper,
                                                 Function<T, FieldValues<F>> values, byte[] fingerprint,
                                                 String what) {
    if (page.isOffset() && page.offset() > maxInMemory) {
      throw new InvalidQueryException("offset " + page.offset() + " is beyond what this DynamoDB store emulates"
          + " (memory.max.items = " + maxInMemory + "): DynamoDB cannot skip rows. Page with cursors instead.");
    }
    SortKeys<F> keys = SortKeys.of(sort, idField);
    if (keys.byIdOnly()) {
      return nativeWindow(source, filters, split, keys.firstDirection() == Sort.Direction.ASC, page, mapper, values,
          fingerprint, what);
    }
    return sortedWindow(source, filters, split, sort, keys, page, mapper, values, fingerprint, what);
  }

  private <F extends Enum<F> & Field, T> Page<T> nativeWindow(Source source, DynamoFilters<F> filters,
                                                             DynamoFilters.Split<F> split, boolean forward,
                                                             PageRequest page,
                                                             Function<Map<String, AttributeValue>, T> mapper,
                                                             Function<T, FieldValues<F>> values,
                                                             byte[] fingerprint, String what) {
    int size = page.size();
    boolean filtered = split.expressible() != null || split.residual() != null;
    long skip = page.isOffset() ? page.offset() : 0;
    int limit = (int) Math.min(1000, filtered ? Math.max(size + 1L + skip, 100) : size + 1L + skip);
    QueryRequest.Builder request = request(source, filters, split, forward).limit(limit);
    page.cursor().ifPresent(c -> request.exclusiveStartKey(decodeKey(c, fingerprint, source)));
    Iterator<Map<String, AttributeValue>> it = items(request.build(), what);
    List<T> out = new ArrayList<>();
    List<Map<String, AttributeValue>> raws = new ArrayList<>();
    while (out.size() <= size && it.hasNext()) {
      Map<String, AttributeValue> raw = it.next();
      T item = mapper.apply(raw);
      if (split.residual() != null && !InMemoryFilter.matches(split.residual(), values.apply(item))) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      out.add(item);
      raws.add(raw);
    }
    boolean hasNext = out.size() > size;
    if (!hasNext) {
      return new Page<>(out, Optional.empty(), false, OptionalLong.empty());
    }
    Optional<String> cursor = page.isOffset() ? Optional.empty()
        : Optional.of(encodeKey(raws.get(size - 1), source, fingerprint));
    return new Page<>(out.subList(0, size), cursor, true, OptionalLong.empty());
  }

  private <F extends Enum<F> & Field, T> Page<T> sortedWindow(Source source, DynamoFilters<F> filters,
                                                             DynamoFilters.Split<F> split, List<Sort<F>> sort,
                                                             SortKeys<F> keys, PageRequest page,
                                                             Function<Map<String, AttributeValue>, T> mapper,
                                                             Function<T, FieldValues<F>> values,
                                                             byte[] fingerprint, String what) {
    InMemoryWindow<T, F> window = new InMemoryWindow<>(keys, values, maxInMemory, () -> new InvalidQueryException(
        "sorting by " + sort + " is done in memory on DynamoDB, and more than " + maxInMemory
            + " rows match (memory.max.items); narrow the filter or sort by id only"));
    Iterator<Map<String, AttributeValue>> raw = items(request(source, filters, split, true).limit(1000).build(), what);
    return window.page(InMemoryFilter.matching(mapped(raw, mapper), split.residual(), values), page,
        cursors, fingerprint);
  }

  /**
   * The exact number of matching items: {@code Select.COUNT} queries page by page when DynamoDB evaluates the
   * whole filter, otherwise the items are streamed and counted.
   */
  <F extends Enum<F> & Field, T> long count(Source source, DynamoFilters<F> filters, DynamoFilters.Split<F> split,
                                            Function<Map<String, AttributeValue>, T> mapper,
                                            Function<T, FieldValues<F>> values, String what) {
    if (split.residual() == null) {
      QueryRequest request = request(source, filters, split, true).select(Select.COUNT).build();
      long total = 0;
      try {
        for (QueryResponse response : client.queryPaginator(request)) {
          total += response.count();
        }
      } catch (SdkException e) {
        throw DynamoErrors.translate(e, what);
      }
      return total;
    }
    Iterator<T> matching = InMemoryFilter.matching(mapped(items(request(source, filters, split, true)
        .build(), what), mapper), split.residual(), values);
    long total = 0;
    for (; matching.hasNext(); matching.next()) {
      total++;
    }
    return total;
  }

  /** The items of {@code raw}, mapped as they are read. */
  static <T> Iterator<T> mapped(Iterator<Map<String, AttributeValue>> raw,
                                Function<Map<String, AttributeValue>, T> mapper) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return raw.hasNext();
      }

      @Override
      public T next() {
        return mapper.apply(raw.next());
      }
    };
  }

  /**
   * Reads items by key with {@code BatchGetItem}: 100 keys a call, the calls of one read sent concurrently
   * ({@code read.parallelism}), unprocessed keys and throttled calls retried. Items come in no particular order;
   * missing keys are left out.
   */
  List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys, String what) {
    Map<String, Map<String, AttributeValue>> unique = new LinkedHashMap<>();
    for (Map<String, AttributeValue> key : keys) {
      unique.put(key.get(DynamoTable.PK).s() + "\u0000" + key.get(DynamoTable.SK).s(), key);
    }
    List<Map<String, AttributeValue>> all = new ArrayList<>(unique.values());
    List<List<Map<String, AttributeValue>>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_BATCH_GET) {
      chunks.add(all.subList(from, Math.min(all.size(), from + MAX_BATCH_GET)));
    }
    List<Map<String, AttributeValue>> out = new ArrayList<>(all.size());
    pool.map(chunks, chunk -> batchGetChunk(chunk, what), what).forEach(out::addAll);
    return out;
  }

  /** One {@code BatchGetItem} of at most 100 keys, sent again for what DynamoDB left unprocessed. */
  private List<Map<String, AttributeValue>> batchGetChunk(List<Map<String, AttributeValue>> keys, String what) {
    List<Map<String, AttributeValue>> out = new ArrayList<>(keys.size());
    List<Map<String, AttributeValue>> pending = keys;
    for (int attempt = 0; !pending.isEmpty(); attempt++) {
      List<Map<String, AttributeValue>> send = pending;
      BatchGetItemResponse response;
      try {
        response = client.batchGetItem(r -> r.requestItems(Map.of(table,
            KeysAndAttributes.builder().keys(send).consistentRead(strong ? Boolean.TRUE : null).build())));
      } catch (SdkException e) {
        if (!DynamoErrors.isThrottling(e) || attempt >= retry.maxRetries()) {
          throw DynamoErrors.translate(e, what);
        }
        retry.pause(attempt);
        continue;
      }
      out.addAll(response.responses().getOrDefault(table, List.of()));
      KeysAndAttributes left = response.hasUnprocessedKeys() ? response.unprocessedKeys().get(table) : null;
      pending = left == null || !left.hasKeys() ? List.of() : left.keys();
      if (!pending.isEmpty()) {
        if (attempt >= retry.maxRetries()) {
          throw new StoreUnavailableException(what + ": DynamoDB left " + pending.size() + " keys unread after "
              + (attempt + 1) + " attempts", null);
        }
        retry.pause(attempt);
      }
    }
    return out;
  }

  private String encodeKey(Map<String, AttributeValue> item, Source source, byte[] fingerprint) {
    List<Object> parts = new ArrayList<>();
    for (String name : DynamoTable.keyNames(source.index())) {
      parts.add(item.get(name).s());
    }
    return cursors.encode(fingerprint, parts);
  }

  private Map<String, AttributeValue> decodeKey(String cursor, byte[] fingerprint, Source source) {
    List<Object> parts = cursors.decode(cursor, fingerprint);
    List<String> names = DynamoTable.keyNames(source.index());
    if (parts.size() != names.size() || parts.stream().anyMatch(p -> !(p instanceof String))) {
      throw CursorCodec.doesNotFit();
    }
    Map<String, AttributeValue> key = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      key.put(names.get(i), DynamoTable.s((String) parts.get(i)));
    }
    return key;
  }
}
