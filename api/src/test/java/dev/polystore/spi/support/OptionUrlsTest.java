package dev.polystore.spi.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Option#urls}: a list of URLs in one value, with passwords never shown. */
class OptionUrlsTest {

  private static final Option<List<String>> URLS = Option.urls("replica.urls", null).meaning("replicas");

  @Test
  void commaSeparatedAndStripped() {
    assertEquals(List.of("jdbc:postgresql://a:5432/db", "jdbc:postgresql://b/db?user=app"),
        URLS.parse("replica.urls", " jdbc:postgresql://a:5432/db , jdbc:postgresql://b/db?user=app ,"));
  }

  @Test
  void emptyMeansNotSet() {
    assertNull(URLS.parse("replica.urls", " "));
    assertNull(URLS.parse("replica.urls", ", ,"));
    assertEquals("-", URLS.shown(null));
    assertEquals("none", URLS.defaultDescription());
  }

  @Test
  void passwordsAreMaskedWhereverTheValueIsShown() {
    List<String> urls = List.of("jdbc:postgresql://a/db?user=app&password=s3cret", "jdbc:mysql://app:s3cret@b/db");
    assertEquals("jdbc:postgresql://a/db?user=app&password=****,jdbc:mysql://app:****@b/db", URLS.shown(urls));
    assertEquals(URLS.shown(urls), URLS.format(urls));
    assertEquals("comma-separated URLs", URLS.allowedValues());
  }
}
