package dev.polystore.query;

/** Whether a page carries the total number of matching rows. */
public enum CountMode {
  /** No total; the cheapest. The default. */
  NONE,
  /** The exact total, computed by a counting query at the time of the page. Never an estimate. */
  EXACT
}
