package dev.polystore.influxdb;

import dev.polystore.influxdb.internal.ServerVersion;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an InfluxDB event store keeps its events, and how, for the application's own Flux, InfluxQL or SQL queries
 * on the store's {@code InfluxDBClient} ({@code docs/native-access.md} has the whole layout):
 *
 * <ul>
 *   <li><b>the database</b> (1.x, 3.x) or <b>bucket</b> (2.x), {@link #database()}, with the 1.x retention policy
 *       the store writes to and reads from, when the options name one;</li>
 *   <li><b>one measurement per series</b>, named as the series, verbatim ({@link #measurement(String)}); the
 *       events' tags are the points' tags, their fields the points' fields of their own types ({@code Long} →
 *       integer, {@code Double} → float, {@code Boolean} → boolean, {@code String} → string), one type per field
 *       name in a measurement;</li>
 *   <li><b>time</b> is the point's timestamp in nanoseconds ({@link #timePrecision()});</li>
 *   <li>on 3.x each point also has the tag {@value #DUPLICATES_TAG} (a random id that keeps two events with the same
 *       series, tags and time apart), which a native query may group by or leave out ({@link #duplicatesTag()}).</li>
 * </ul>
 *
 * <pre>{@code
 * InfluxDatabaseRef ref = events.unwrapOrThrow(InfluxDatabaseRef.class);
 * InfluxDBClient client = events.unwrapOrThrow(InfluxDBClient.class);
 * events.flush();
 * client.getInfluxQLQueryApi().query(new InfluxQLQuery(
 *     "SELECT max(\"load\") FROM " + ref.influxQlMeasurement("cpu") + " GROUP BY \"host\"", ref.database()));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Get it from a store: {@code store.unwrapOrThrow(InfluxDatabaseRef.class)}.
 */
public final class InfluxDatabaseRef {

  /** 3.x: the tag that keeps events with the same series, tags and time apart. */
  public static final String DUPLICATES_TAG = "~id";

  private final String database;
  private final Optional<String> retentionPolicy;
  private final Optional<String> org;
  private final String serverVersion;
  private final int generation;

  private InfluxDatabaseRef(String database, Optional<String> retentionPolicy, Optional<String> org,
                            String serverVersion) {
    this.database = Objects.requireNonNull(database, "database");
    this.retentionPolicy = Objects.requireNonNull(retentionPolicy, "retentionPolicy");
    this.org = Objects.requireNonNull(org, "org");
    this.serverVersion = Objects.requireNonNull(serverVersion, "serverVersion");
    this.generation = ServerVersion.parse(serverVersion).generation();
  }

  /**
   * The database of stores opened with {@code options} on a server of {@code serverVersion} ({@code 1.8},
   * {@code 2.7.12}, {@code 3}).
   *
   * @throws dev.polystore.StoreConfigurationException when the version does not start with a number
   */
  public static InfluxDatabaseRef of(InfluxStoreOptions options, String serverVersion) {
    Objects.requireNonNull(options, "options");
    return new InfluxDatabaseRef(options.database(), options.retentionPolicy(), options.org(), serverVersion);
  }

  /** The database (1.x, 3.x) or bucket (2.x) that holds the events. */
  public String database() {
    return database;
  }

  /** 1.x: the retention policy the store writes to and reads from; empty for the database's default. */
  public Optional<String> retentionPolicy() {
    return retentionPolicy;
  }

  /** 2.x: the organisation of the bucket. */
  public Optional<String> org() {
    return org;
  }

  /** The server's version as it reported it (or the options gave it). */
  public String serverVersion() {
    return serverVersion;
  }

  /** The server's generation: 1, 2 or 3. */
  public int generation() {
    return generation;
  }

  /**
   * The bucket a Flux query names: the bucket on 2.x; {@code <database>/<retention policy>} on 1.x (1.8 and later
   * answer Flux; an empty policy is the database's default). 3.x does not speak Flux.
   */
  public String fluxBucket() {
    return generation == 1 ? database + "/" + retentionPolicy.orElse("") : database;
  }

  /** The measurement that holds the events of {@code series}: its name, verbatim. */
  public String measurement(String series) {
    return Objects.requireNonNull(series, "series");
  }

  /**
   * The measurement of {@code series} as an InfluxQL {@code FROM} names it: quoted, and in the retention policy when
   * the store has one ({@code "rp"."cpu"}).
   */
  public String influxQlMeasurement(String series) {
    return retentionPolicy.map(rp -> quote(rp) + ".").orElse("") + quote(measurement(series));
  }

  /** An InfluxQL identifier, quoted: {@code "name"}, with {@code "} and {@code \} escaped. */
  public static String quote(String identifier) {
    return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The precision of the points' timestamps: nanoseconds, on every write. */
  public ChronoUnit timePrecision() {
    return ChronoUnit.NANOS;
  }

  /** 3.x: {@value #DUPLICATES_TAG}, the tag each point carries besides the event's own; empty on 1.x and 2.x. */
  public Optional<String> duplicatesTag() {
    return generation >= 3 ? Optional.of(DUPLICATES_TAG) : Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfluxDatabaseRef other && database.equals(other.database)
        && retentionPolicy.equals(other.retentionPolicy) && org.equals(other.org)
        && serverVersion.equals(other.serverVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(database, retentionPolicy, org, serverVersion);
  }

  @Override
  public String toString() {
    return "InfluxDatabaseRef{database=" + database + retentionPolicy.map(rp -> ", retentionPolicy=" + rp).orElse("")
        + org.map(o -> ", org=" + o).orElse("") + ", server=" + serverVersion + '}';
  }
}
