package dev.polystore.spi.support;

import dev.polystore.ReadConsistency;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the options of every adapter share: the retries of work that failed for a reason that may pass
 * ({@value Backoff#MAX_ATTEMPTS}, {@value Backoff#BASE_DELAY}, {@value Backoff#MAX_DELAY}), the cursor secret, the
 * stores' default read consistency ({@value #READ_CONSISTENCY}, declared with {@link #readConsistencyOption}), and
 * text, equality and hash code from the adapter's {@link OptionTable}. An adapter's options class extends it, and
 * its builder extends {@link Builder}; the option table declares keys, defaults and ranges, and checks the values
 * when the adapter's builder builds. Immutable and thread-safe.
 *
 * @param <O> the adapter's options class
 */
public abstract class AdapterOptions<O extends AdapterOptions<O>> {

  /** The option key of the stores' default read consistency. */
  public static final String READ_CONSISTENCY = "read.consistency";

  private final OptionTable<O, ?> table;
  private final int retryMaxAttempts;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final Optional<String> cursorSecret;
  private final ReadConsistency readConsistency;

  /** Takes the shared values from {@code builder}; {@code table} is the adapter's table of these options. */
  protected AdapterOptions(OptionTable<O, ?> table, Builder<?> builder) {
    this.table = Objects.requireNonNull(table, "table");
    this.retryMaxAttempts = builder.retryMaxAttempts;
    this.retryBaseDelay = builder.retryBaseDelay;
    this.retryMaxDelay = builder.retryMaxDelay;
    this.cursorSecret = Optional.ofNullable(builder.cursorSecret);
    this.readConsistency = builder.readConsistency;
  }

  /**
   * The option {@value #READ_CONSISTENCY}: {@code STRONG} (the default) or {@code EVENTUAL}, in any case; an adapter
   * declares it in its table bound to {@link Builder#readConsistency} and {@link #readConsistency()}.
   *
   * @param eventualMeans what an {@code EVENTUAL} read is on the adapter's backend, in Markdown, for the option's
   *     meaning in the documentation (e.g. "a read from a replica within `replica.max.lag`")
   */
  public static Option<ReadConsistency> readConsistencyOption(String eventualMeans) {
    return Option.choice(READ_CONSISTENCY, ReadConsistency.class, ReadConsistency.STRONG)
        .meaning("the consistency of the stores' reads unless `reading(...)` says otherwise: `STRONG` reads the"
            + " latest committed writes, `EVENTUAL` is " + Objects.requireNonNull(eventualMeans, "eventualMeans"));
  }

  /**
   * How many times in all, the first attempt included, work that failed for a reason that may pass is sent before
   * the store gives up with an error (what an adapter retries is in its option table); 1 means no retry.
   */
  public int retryMaxAttempts() {
    return retryMaxAttempts;
  }

  /** The pause before the first retry is random up to this; see {@link #backoff()}. */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /** The longest pause between two attempts; see {@link #backoff()}. */
  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /**
   * The pauses between attempts: {@code retry.max.attempts} attempts in all, with exponential backoff and full
   * jitter from {@code retry.base.delay} up to {@code retry.max.delay}.
   */
  public Backoff backoff() {
    return Backoff.of(retryMaxAttempts, retryBaseDelay, retryMaxDelay);
  }

  /** The key that signs cursors; never log it. Empty means a random key per store instance. */
  public Optional<String> cursorSecret() {
    return cursorSecret;
  }

  /**
   * The consistency of the stores' reads unless {@code reading(...)} says otherwise ({@value #READ_CONSISTENCY});
   * {@link ReadConsistency#STRONG} by default.
   */
  public ReadConsistency readConsistency() {
    return readConsistency;
  }

  /** Copies the shared values into {@code builder}, for an adapter's {@code toBuilder()}. */
  protected final <B extends Builder<B>> B copyInto(B builder) {
    return builder.retryMaxAttempts(retryMaxAttempts).retryBaseDelay(retryBaseDelay).retryMaxDelay(retryMaxDelay)
        .cursorSecret(cursorSecret.orElse(null)).readConsistency(readConsistency);
  }

  /** Every option by its key; secrets are masked, absent values show as {@code -}. */
  @Override
  public String toString() {
    return table.describe(getClass().getSimpleName(), self());
  }

  /** Options of the same adapter with the same value for every key are equal. */
  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && table.values(self()).equals(table.values(cast(o)));
  }

  @Override
  public int hashCode() {
    return table.values(self()).hashCode();
  }

  @SuppressWarnings("unchecked")
  private O self() {
    return (O) this;
  }

  @SuppressWarnings("unchecked")
  private O cast(Object o) {
    return (O) o;
  }

  /**
   * What the builders of every adapter's options share: the setters of the retry options, the cursor secret and the
   * default read consistency.
   * Values are checked when the adapter's builder builds. Not thread-safe.
   *
   * @param <B> the adapter's builder, returned by every setter
   */
  public abstract static class Builder<B extends Builder<B>> {
    private int retryMaxAttempts;
    private Duration retryBaseDelay;
    private Duration retryMaxDelay;
    private String cursorSecret;
    private ReadConsistency readConsistency = ReadConsistency.STRONG;

    protected Builder() {
    }

    /** Attempts in all, the first included; 1 means no retry (the adapter's option table gives the range). */
    public B retryMaxAttempts(int attempts) {
      this.retryMaxAttempts = attempts;
      return self();
    }

    /** The pause before the first retry is random up to this; at most {@link #retryMaxDelay(Duration)}. */
    public B retryBaseDelay(Duration delay) {
      this.retryBaseDelay = delay;
      return self();
    }

    /** The longest pause between two attempts. */
    public B retryMaxDelay(Duration delay) {
      this.retryMaxDelay = delay;
      return self();
    }

    /** At least 16 bytes; {@code null} for a random key per store instance. */
    public B cursorSecret(String secret) {
      this.cursorSecret = secret;
      return self();
    }

    /** The consistency of the stores' reads unless {@code reading(...)} says otherwise; default {@code STRONG}. */
    public B readConsistency(ReadConsistency consistency) {
      this.readConsistency = consistency;
      return self();
    }

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }
  }
}
