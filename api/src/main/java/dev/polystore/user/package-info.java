/**
 * API: users, their posts (one-to-many) and tags (many-to-many) — ids, values, field enums, queries and
 * aggregate results. All types are immutable and thread-safe; builders are not thread-safe.
 */
package dev.polystore.user;
