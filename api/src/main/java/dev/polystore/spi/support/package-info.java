/**
 * Supported SPI for adapter authors: the store-neutral rules every adapter applies alike, written once so that a
 * new adapter inherits them instead of deriving them again. Applications do not need this package; adapters
 * ({@code polystore-jdbi}, {@code polystore-dynamodb}, and third-party ones) use it.
 *
 * <ul>
 *   <li>argument and input rules: {@link dev.polystore.spi.support.Checks} (values to store),
 *       {@link dev.polystore.spi.support.Lookups} (look-ups by a text key), {@link dev.polystore.spi.support.TextRules}
 *       (well-formed text without NUL), {@link dev.polystore.spi.support.EventRules} (event keys, tag values,
 *       aggregate windows);</li>
 *   <li>orders: {@link dev.polystore.spi.support.TextOrder} (code-point order of strings),
 *       {@link dev.polystore.spi.support.ValueOrder} (field values), {@link dev.polystore.spi.support.SortKeys}
 *       (the effective sort of a query, and whether a cursor fits it);</li>
 *   <li>field access: {@link dev.polystore.spi.support.FieldValues} over
 *       {@link dev.polystore.user.UserField#valueOf(dev.polystore.user.User)} and
 *       {@link dev.polystore.user.PostField#valueOf(dev.polystore.user.Post)};</li>
 *   <li>emulation, for what a backend has no operator or index for:
 *       {@link dev.polystore.spi.support.InMemoryFilter} (filters with SQL's three-valued logic) and
 *       {@link dev.polystore.spi.support.InMemoryWindow} (bounded sort, offset and keyset pages);</li>
 *   <li>event aggregates: {@link dev.polystore.spi.support.EventAggregation} (accumulators, and the rules every
 *       event store applies to windows and groups);</li>
 *   <li>messages and failures: {@link dev.polystore.spi.support.Messages} (bounded, quoted values in messages),
 *       {@link dev.polystore.spi.support.AppendFailures} (events not stored since the last flush);</li>
 *   <li>configuration: {@link dev.polystore.spi.support.OptionTable} of {@link dev.polystore.spi.support.Option}s
 *       (an adapter's options declared once: parsing, range checks, masking and the documented option table),
 *       {@link dev.polystore.spi.support.OptionValues} (parsing one value), {@link dev.polystore.spi.support.UrlQuery}
 *       (the {@code scheme:?key=value&…} settings of a store URL), {@link dev.polystore.spi.support.AdapterOptions}
 *       (what every adapter's options class and its builder share: retries, cursor secret, text and equality);</li>
 *   <li>read consistency: {@link dev.polystore.spi.support.AdapterOptions#readConsistencyOption} (the shared option
 *       {@code read.consistency}) and {@link dev.polystore.spi.support.EventStoreView} (the {@code reading(...)} view
 *       of an event store with one database);</li>
 *   <li>retries: {@link dev.polystore.spi.support.Backoff} (exponential backoff with full jitter, capped, over the
 *       options {@code retry.max.attempts}, {@code retry.base.delay} and {@code retry.max.delay}).</li>
 * </ul>
 *
 * <p><b>Compatibility.</b> This package is supported API for adapter authors, with the same promise as the rest of
 * {@code polystore-api}: within a major version, a public class or member here is neither removed nor changed
 * incompatibly; additions (new classes, new methods, new constants) may come in any release. Every class states
 * its thread-safety. What is truly private to Polystore lives in packages named {@code internal}, which adapters
 * must not use.
 */
package dev.polystore.spi.support;
