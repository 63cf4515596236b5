package dev.polystore.user;

/**
 * Children to load with a query's rows, each with one batched extra query per page (never one per row).
 * Page sizes and totals count only the parent rows.
 */
public enum Include {
  /** The posts of each user ({@link User#posts()}). */
  POSTS,
  /** The tags of each post ({@link Post#tags()}), also of posts loaded through {@link #POSTS}. */
  TAGS
}
