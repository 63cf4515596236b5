package dev.polystore.spi;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SPI helper: turns the position of a keyset page (SQL keyset values, or the parts of DynamoDB's
 * {@code LastEvaluatedKey}) into an opaque, tamper-evident cursor bound to one query, and back.
 *
 * <p>A token carries the values and a fingerprint of the query (filter and sort), signed with
 * HMAC-SHA256. {@link #decode} rejects, with {@link InvalidQueryException}, a token that was altered,
 * signed with another key, or made for a different query. Tokens are not encrypted: the values can be read
 * by whoever holds the token, so do not page by secret fields.
 *
 * <p>Value types: {@code null}, {@code String}, {@code Long} (and narrower integers), {@code Double},
 * {@code Boolean}, {@code Instant}, {@code UUID}. Thread-safe.
 */
public final class CursorCodec {

  private static final byte VERSION = 1;
  private static final int MAC_LENGTH = 16;
  private static final int MIN_SECRET_BYTES = 16;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private CursorCodec(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /**
   * A codec with the given secret. Stores share a secret (config property {@code cursor.secret}) so that
   * cursors stay valid across restarts and across the nodes of a cluster.
   */
  public static CursorCodec withSecret(String secret) {
    byte[] bytes = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new StoreConfigurationException("cursor.secret must be at least " + MIN_SECRET_BYTES + " bytes");
    }
    return new CursorCodec(bytes);
  }

  /** A codec with a random secret: its cursors are valid only for this codec instance. */
  public static CursorCodec withRandomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new CursorCodec(bytes);
  }

  /** A fingerprint of the parts that define a query, from their {@code toString()}. */
  public static byte[] fingerprint(Object... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Object part : parts) {
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return Arrays.copyOf(digest.digest(), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  public String encode(byte[] queryFingerprint, List<?> values) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.write(queryFingerprint);
      out.writeShort(values.size());
      for (Object value : values) {
        writeValue(out, value);
      }
      out.flush();
      byte[] payload = bytes.toByteArray();
      byte[] mac = mac(payload);
      byte[] token = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
      System.arraycopy(mac, 0, token, payload.length, MAC_LENGTH);
      return ENCODER.encodeToString(token);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The values of a token made by {@link #encode} for the same query.
   *
   * @throws InvalidQueryException when the token is malformed, tampered with, or from another query
   */
  public List<Object> decode(String token, byte[] queryFingerprint) {
    byte[] raw;
    try {
      raw = DECODER.decode(token);
    } catch (IllegalArgumentException e) {
      throw invalid("it is not a cursor this store issued");
    }
    if (raw.length < 1 + queryFingerprint.length + 2 + MAC_LENGTH) {
      throw invalid("it is not a cursor this store issued");
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - MAC_LENGTH);
    byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_LENGTH, raw.length);
    if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(payload), MAC_LENGTH))) {
      throw invalid("it was altered or signed with another key");
    }
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
      if (in.readByte() != VERSION) {
        throw invalid("its version is not supported");
      }
      byte[] fp = new byte[queryFingerprint.length];
      in.readFully(fp);
      if (!MessageDigest.isEqual(fp, queryFingerprint)) {
        throw invalid("it belongs to a different query (filter or sort changed)");
      }
      int n = in.readUnsignedShort();
      List<Object> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(readValue(in));
      }
      if (in.available() != 0) {
        throw invalid("it has trailing bytes");
      }
      return values;
    } catch (IOException e) {
      throw invalid("it is truncated");
    }
  }

  /**
   * The error for a cursor whose values, though signed for this query, do not fit it (how many there are, or
   * their types): the one message every adapter gives for it.
   */
  public static InvalidQueryException doesNotFit() {
    return invalid("it does not fit this query");
  }

  private static InvalidQueryException invalid(String why) {
    return new InvalidQueryException("Invalid cursor: " + why + ". Start again from the first page.");
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private static void writeValue(DataOutputStream out, Object value) throws IOException {
    if (value == null) {
      out.writeByte('N');
    } else if (value instanceof String s) {
      out.writeByte('S');
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.writeByte('L');
      out.writeLong(((Number) value).longValue());
    } else if (value instanceof Double d) {
      out.writeByte('D');
      out.writeDouble(d);
    } else if (value instanceof Boolean b) {
      out.writeByte('B');
      out.writeBoolean(b);
    } else if (value instanceof Instant t) {
      out.writeByte('T');
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    } else if (value instanceof UUID u) {
      out.writeByte('U');
      out.writeLong(u.getMostSignificantBits());
      out.writeLong(u.getLeastSignificantBits());
    } else {
      throw new IllegalArgumentException("cursor values cannot be " + value.getClass().getName());
    }
  }

  private static Object readValue(DataInputStream in) throws IOException {
    int tag = in.readByte();
    switch (tag) {
      case 'N':
        return null;
      case 'S': {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
          throw invalid("it is truncated");
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
      }
      case 'L':
        return in.readLong();
      case 'D':
        return in.readDouble();
      case 'B':
        return in.readBoolean();
      case 'T':
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
      case 'U':
        return new UUID(in.readLong(), in.readLong());
      default:
        throw invalid("it holds an unknown value type");
    }
  }
}
