package dev.polystore.spi.support;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of a store URL of the form {@code scheme} or {@code scheme?key=value&key=value…}, such as
 * {@code dynamodb:?region=eu-west-1&table=app} or {@code influxdb:?bucket=metrics}: keys and values are
 * URL-encoded ({@code %2F}, {@code +} for a space), empty pairs ({@code &&}) are skipped, and a key given twice
 * keeps its last value. {@link #settings} overlays the config's properties, which win over the URL.
 *
 * <p>Every failure is a {@link StoreConfigurationException} whose message shows the URL masked
 * ({@link StoreConfig#mask}). Thread-safe (stateless).
 */
public final class UrlQuery {

  private UrlQuery() {
  }

  /**
   * The URL's query parameters, decoded, by key.
   *
   * @param scheme the prefix the URL must start with, e.g. {@code "dynamodb:"}
   * @throws StoreConfigurationException when the URL does not start with {@code scheme}, has anything but a query
   *     after it, or holds a pair without {@code =}, an empty key or a malformed escape
   */
  public static Map<String, String> parameters(StoreConfig config, String scheme) {
    String url = config.url();
    if (!url.startsWith(scheme)) {
      throw new StoreConfigurationException("not a " + scheme + " URL: " + config.maskedUrl());
    }
    String rest = url.substring(scheme.length());
    Map<String, String> parameters = new TreeMap<>();
    if (rest.isEmpty()) {
      return parameters;
    }
    if (!rest.startsWith("?")) {
      throw new StoreConfigurationException("a " + scheme + " URL is " + scheme + " followed by ?key=value&..., not "
          + config.maskedUrl());
    }
    for (String pair : rest.substring(1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new StoreConfigurationException("expected key=value in " + config.maskedUrl() + ", not "
            + StoreConfig.mask("?" + pair));
      }
      String key = decode(pair.substring(0, eq), "a key", config);
      parameters.put(key, decode(pair.substring(eq + 1), "the value of " + key, config));
    }
    return parameters;
  }

  /**
   * The URL's query parameters overlaid with the config's properties: a property wins over the URL parameter of
   * the same key.
   *
   * @throws StoreConfigurationException as {@link #parameters} does
   */
  public static Map<String, String> settings(StoreConfig config, String scheme) {
    Map<String, String> settings = parameters(config, scheme);
    settings.putAll(config.properties());
    return Collections.unmodifiableMap(settings);
  }

  /** The decoded text; the error names {@code what} but never quotes the text, which may be a secret. */
  private static String decode(String text, String what, StoreConfig config) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new StoreConfigurationException("a malformed %-escape in " + what + " of " + config.maskedUrl()
          + ": write % as %25");
    }
  }
}
