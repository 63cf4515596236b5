/**
 * API: time-stamped events, event queries and windowed aggregates. Immutable, thread-safe values.
 *
 * <p>An {@link dev.polystore.event.Event} is valid on its own; what a store makes of several events of one series
 * (duplicates of series, tags and time; one field name with values of different types; one key as a tag here
 * and a field there) depends on its declared capabilities, described in {@link dev.polystore.EventStore}.
 */
package dev.polystore.event;
