package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.spi.support.OptionTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Test support for adapters: checks that an adapter's documentation carries the option table its declarations
 * make ({@link OptionTable#markdown()}, between the markers {@link OptionTable#writeInto} uses), and that every
 * builder method the table names exists. With {@code -Dpolystore.docs.write=true} the check first rewrites the
 * table. Stateless.
 */
public final class OptionTableDocs {

  private OptionTableDocs() {
  }

  /**
   * Asserts that {@code doc} (a path from the repository root, e.g. {@code docs/sql.md}) holds {@code table}, and
   * that {@code builder} has every method the table names.
   *
   * @param module the adapter's Maven module, for the rewrite command in the failure message
   * @param testClass the simple name of the calling test, likewise
   */
  public static void assertDocumented(OptionTable<?, ?> table, Class<?> builder, String doc, String module,
                                      String testClass) {
    Path path = Path.of(System.getProperty("basedir", ".")).resolve("..").resolve(doc).normalize();
    try {
      if (Boolean.getBoolean("polystore.docs.write")) {
        table.writeInto(path);
      }
      assertEquals(table.markdown(), OptionTable.tableIn(Files.readString(path)),
          doc + "'s option table differs from the declarations; rewrite it with ./mvnw -B -pl " + module
              + " -am verify -Dtest=" + testClass + " -Dsurefire.failIfNoSpecifiedTests=false"
              + " -Dpolystore.docs.write=true");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String key : table.keys()) {
      String method = table.builderMethod(key);
      assertTrue(method.isEmpty() || Arrays.stream(builder.getMethods())
          .anyMatch(m -> m.getName().equals(method) && m.getParameterCount() == 1), key + ": " + method);
    }
  }
}
