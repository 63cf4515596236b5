/**
 * Internal: the JDBI adapter's implementation — dialects, stores, error translation, pools and migrations.
 * Not part of the API; may change without notice.
 */
package dev.polystore.jdbi.internal;
