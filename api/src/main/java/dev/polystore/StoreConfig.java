package dev.polystore;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a store lives and how to talk to it: a URL plus string properties. Immutable and thread-safe;
 * build with {@link #builder(String)} or read from the environment with {@link #fromEnvironment(String)}.
 *
 * <p>Property keys are lowercase words separated by dots ({@code password}, {@code pool.max.size}). Each
 * adapter documents the keys it reads and rejects keys it does not know, so a typo is an error, not a
 * silent default. Values of keys that name a secret (see {@link #isSecretKey(String)}: {@code sslpassword},
 * {@code cursor.secret}, {@code ...token}, {@code ...key}), whether given as properties or as URL parameters, and
 * any password inside the URL are masked in {@link #toString()} and in every message Polystore writes.
 */
public final class StoreConfig {

  /** The one rule for secret names: containing password, passwd, secret, token or credential, or ending in key. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passwd|secret|token|credential).*|.*key");
  /** The password of {@code scheme://user:password@host}. */
  private static final Pattern URL_USERINFO = Pattern.compile("(//[^/?#:@\\s]+:)[^@/?#\\s]*@");
  /**
   * A parameter {@code name=value} after {@code ?}, {@code &} or {@code ;} (SQL Server and H2 style); its value
   * runs to the next separator, or to the end of the text.
   */
  private static final Pattern URL_PARAM = Pattern.compile("([?&;])([^=?&;#/\\s]+)=([^&;#]*)");
  private static final String MASK = "****";

  private final String url;
  private final Map<String, String> properties;

  private StoreConfig(String url, Map<String, String> properties) {
    this.url = url;
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
  }

  public static Builder builder(String url) {
    return new Builder(url);
  }

  public static StoreConfig of(String url) {
    return builder(url).build();
  }

  /**
   * Reads the configuration for a role ({@code "users"} or {@code "events"}) from system properties and
   * the environment, system properties winning: {@code polystore.<role>.url} or
   * {@code POLYSTORE_<ROLE>_URL}, and every other {@code polystore.<role>.<key>} or
   * {@code POLYSTORE_<ROLE>_<KEY>} as property {@code key} (environment names are lowercased and
   * underscores become dots: {@code POLYSTORE_USERS_POOL_MAX_SIZE} is {@code pool.max.size}).
   *
   * @throws StoreConfigurationException when no URL is set for the role
   */
  public static StoreConfig fromEnvironment(String role) {
    return fromSources(role, System.getenv(), System::getProperty, System.getProperties().stringPropertyNames());
  }

  static StoreConfig fromSources(String role, Map<String, String> env, Function<String, String> sysProp,
                                 Iterable<String> sysPropNames) {
    Objects.requireNonNull(role, "role");
    String lower = role.toLowerCase(Locale.ROOT);
    String envPrefix = "POLYSTORE_" + role.toUpperCase(Locale.ROOT) + "_";
    String propPrefix = "polystore." + lower + ".";
    Map<String, String> props = new TreeMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith(envPrefix) && k.length() > envPrefix.length()) {
        props.put(k.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
      }
    });
    for (String name : sysPropNames) {
      if (name.startsWith(propPrefix) && name.length() > propPrefix.length()) {
        props.put(name.substring(propPrefix.length()), sysProp.apply(name));
      }
    }
    String url = props.remove("url");
    if (url == null || url.isBlank()) {
      throw new StoreConfigurationException("no store configured for " + lower + ": set "
          + envPrefix + "URL in the environment or -D" + propPrefix + "url");
    }
    return new StoreConfig(url.strip(), props);
  }

  public String url() {
    return url;
  }

  /** All properties; values of secrets are included, so do not log this map (log the config instead). */
  public Map<String, String> properties() {
    return properties;
  }

  public Optional<String> property(String key) {
    return Optional.ofNullable(properties.get(key));
  }

  /** The URL with any password in it masked. */
  public String maskedUrl() {
    return mask(url);
  }

  public Builder toBuilder() {
    Builder b = new Builder(url);
    b.properties.putAll(properties);
    return b;
  }

  /**
   * Masks secrets in a URL or any text that may contain one: the password of {@code //user:password@host}, and
   * the value of every parameter (after {@code ?}, {@code &} or {@code ;}) whose name {@link #isSecretKey names a
   * secret}.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "@");
    return URL_PARAM.matcher(masked).replaceAll(param -> Matcher.quoteReplacement(isSecretKey(param.group(2))
        ? param.group(1) + param.group(2) + "=" + MASK : param.group()));
  }

  /**
   * Whether a property key or URL parameter names a secret whose value must never be shown: a name that
   * contains {@code password}, {@code passwd}, {@code secret}, {@code token} or {@code credential}, or ends in
   * {@code key}, in any case ({@code sslpassword}, {@code trustCertificateKeyStorePassword},
   * {@code cursor.secret}, {@code aws.credentials.profile}, {@code sslkey}).
   */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("StoreConfig{url=").append(maskedUrl());
    properties.forEach((k, v) -> sb.append(", ").append(k).append('=').append(isSecretKey(k) ? MASK : v));
    return sb.append('}').toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoreConfig other && url.equals(other.url) && properties.equals(other.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, properties);
  }

  /** Builder for {@link StoreConfig}; not thread-safe. */
  public static final class Builder {
    private final String url;
    private final Map<String, String> properties = new TreeMap<>();

    private Builder(String url) {
      this.url = url;
    }

    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) {
        properties.remove(key);
      } else {
        properties.put(key, value);
      }
      return this;
    }

    public Builder properties(Map<String, String> values) {
      values.forEach(this::property);
      return this;
    }

    public StoreConfig build() {
      if (url == null || url.isBlank()) {
        throw new StoreConfigurationException("a store URL is required");
      }
      return new StoreConfig(url.strip(), properties);
    }
  }
}
