package dev.polystore.influxdb.internal;

import dev.polystore.StoreConfigurationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of an InfluxDB server, as its {@code /ping} reports it ({@code X-Influxdb-Version}: {@code 1.6.7~rc0},
 * {@code v2.7.12}, {@code 3.10.1}) or as the options give it, and what follows from it: the generation, and
 * whether the server has the write endpoint {@code /api/v2/write} (1.8 and later). Immutable.
 *
 * @param text the version as given
 * @param major the major version
 * @param minor the minor version (0 when not given)
 */
public record ServerVersion(String text, int major, int minor) {

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+))?.*");

  /**
   * Reads a version such as {@code 1.6.7~rc0}, {@code v2.7.12} or {@code 3}.
   *
   * @throws StoreConfigurationException when it does not start with a number
   */
  public static ServerVersion parse(String text) {
    Matcher m = VERSION.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new StoreConfigurationException("cannot read the InfluxDB version '" + text
          + "'; give it with server.version (e.g. 1.8, 2.7 or 3)");
    }
    return new ServerVersion(text.strip(), Integer.parseInt(m.group(1)),
        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }

  /** The generation: 1, 2 or 3 (a later major version is taken as 3, whose HTTP API it is expected to keep). */
  public int generation() {
    return Math.min(Math.max(major, 1), 3);
  }

  /** Whether the server writes through {@code /api/v2/write}: 1.8 and later. */
  public boolean hasV2Write() {
    return major > 1 || minor >= 8;
  }

  @Override
  public String toString() {
    return text;
  }
}
