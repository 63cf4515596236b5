/** API: time-stamped events, event queries and windowed aggregates. Immutable, thread-safe values. */
package dev.polystore.event;
