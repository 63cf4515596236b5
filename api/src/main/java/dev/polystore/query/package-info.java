/**
 * API: the query vocabulary shared by every store — typed filters over field enums, sort keys, page
 * requests (keyset and offset), pages and count modes. All types are immutable and thread-safe.
 */
package dev.polystore.query;
