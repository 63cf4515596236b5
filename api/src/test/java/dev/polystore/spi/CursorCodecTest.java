package dev.polystore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.StoreConfigurationException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
  private final CursorCodec codec = CursorCodec.withSecret("a-secret-of-at-least-sixteen-bytes");
  private final byte[] query = CursorCodec.fingerprint("users", "age > 3", "[AGE ASC]");

  @Test
  void roundTripsEveryValueType() {
    UUID id = UUID.randomUUID();
    Instant time = Instant.parse("2200-01-02T03:04:05.123456789Z");
    List<Object> values = Arrays.asList(null, "héllo 😀", 42L, 1.5d, true, time, id);
    assertEquals(values, codec.decode(codec.encode(query, values), query));
  }

  @Test
  void rejectsATokenForAnotherQuery() {
    String token = codec.encode(query, List.of(1L));
    byte[] other = CursorCodec.fingerprint("users", "age > 4", "[AGE ASC]");
    InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> codec.decode(token, other));
    assertTrue(e.getMessage().contains("different query"), e.getMessage());
  }

  @Test
  void rejectsEveryAlteredByte() {
    byte[] raw = Base64.getUrlDecoder().decode(codec.encode(query, List.of("abc", 7L)));
    for (int i = 0; i < raw.length; i++) {
      byte[] copy = raw.clone();
      copy[i] ^= 0x01;
      String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
      assertThrows(InvalidQueryException.class, () -> codec.decode(tampered, query), "byte " + i);
    }
  }

  @Test
  void rejectsGarbageAndOtherKeys() {
    assertThrows(InvalidQueryException.class, () -> codec.decode("not a cursor!", query));
    assertThrows(InvalidQueryException.class, () -> codec.decode("AAAA", query));
    String foreign = CursorCodec.withRandomSecret().encode(query, List.of(1L));
    assertThrows(InvalidQueryException.class, () -> codec.decode(foreign, query));
  }

  @Test
  void refusesShortSecrets() {
    assertThrows(StoreConfigurationException.class, () -> CursorCodec.withSecret("short"));
  }
}
