package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.spi.support.OptionTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The option table of {@code docs/sql.md} is the one {@link JdbiStoreOptions}' declarations make. With
 * {@code -Dpolystore.docs.write=true} the test first rewrites it.
 */
class JdbiOptionTableDocTest {

  private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/sql.md").normalize();

  @Test
  void theOptionTableOfTheDocsIsTheDeclaredOne() throws IOException {
    if (Boolean.getBoolean("polystore.docs.write")) {
      JdbiStoreOptions.OPTIONS.writeInto(DOC);
    }
    assertEquals(JdbiStoreOptions.OPTIONS.markdown(), OptionTable.tableIn(Files.readString(DOC)),
        "docs/sql.md's option table differs from the declarations in JdbiStoreOptions; rewrite it with"
            + " ./mvnw -B -pl jdbi-adapter -am verify -Dtest=JdbiOptionTableDocTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dpolystore.docs.write=true");
  }

  @Test
  void everyBuilderMethodTheTableNamesExists() {
    for (String key : JdbiStoreOptions.OPTIONS.keys()) {
      String method = JdbiStoreOptions.OPTIONS.builderMethod(key);
      assertTrue(Arrays.stream(JdbiStoreOptions.Builder.class.getMethods())
          .anyMatch(m -> m.getName().equals(method) && m.getParameterCount() == 1), key + ": " + method);
    }
  }
}
