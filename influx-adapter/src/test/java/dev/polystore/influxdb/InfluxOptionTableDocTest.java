package dev.polystore.influxdb;

import dev.polystore.tck.OptionTableDocs;
import org.junit.jupiter.api.Test;

/**
 * The option table of {@code docs/influxdb.md} is the one {@link InfluxStoreOptions}' declarations make, and every
 * builder method it names exists. With {@code -Dpolystore.docs.write=true} the test first rewrites it.
 */
class InfluxOptionTableDocTest {

  @Test
  void theOptionTableOfTheDocsIsTheDeclaredOne() {
    OptionTableDocs.assertDocumented(InfluxStoreOptions.OPTIONS, InfluxStoreOptions.Builder.class,
        "docs/influxdb.md", "influx-adapter", "InfluxOptionTableDocTest");
  }
}
