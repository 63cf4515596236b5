package dev.polystore.jdbi;

import dev.polystore.tck.OptionTableDocs;
import org.junit.jupiter.api.Test;

/**
 * The option table of {@code docs/sql.md} is the one {@link JdbiStoreOptions}' declarations make, and every builder
 * method it names exists. With {@code -Dpolystore.docs.write=true} the test first rewrites it.
 */
class JdbiOptionTableDocTest {

  @Test
  void theOptionTableOfTheDocsIsTheDeclaredOne() {
    OptionTableDocs.assertDocumented(JdbiStoreOptions.OPTIONS, JdbiStoreOptions.Builder.class, "docs/sql.md",
        "jdbi-adapter", "JdbiOptionTableDocTest");
  }
}
