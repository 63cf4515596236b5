package dev.polystore.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.spi.support.OptionTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The option table of {@code docs/dynamodb.md} is the one {@link DynamoStoreOptions}' declarations make. With
 * {@code -Dpolystore.docs.write=true} the test first rewrites it.
 */
class DynamoOptionTableDocTest {

  private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/dynamodb.md")
      .normalize();

  @Test
  void theOptionTableOfTheDocsIsTheDeclaredOne() throws IOException {
    if (Boolean.getBoolean("polystore.docs.write")) {
      DynamoStoreOptions.OPTIONS.writeInto(DOC);
    }
    assertEquals(DynamoStoreOptions.OPTIONS.markdown(), OptionTable.tableIn(Files.readString(DOC)),
        "docs/dynamodb.md's option table differs from the declarations in DynamoStoreOptions; rewrite it with"
            + " ./mvnw -B -pl dynamo-adapter -am verify -Dtest=DynamoOptionTableDocTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dpolystore.docs.write=true");
  }

  @Test
  void everyBuilderMethodTheTableNamesExists() {
    for (String key : DynamoStoreOptions.OPTIONS.keys()) {
      String method = DynamoStoreOptions.OPTIONS.builderMethod(key);
      assertTrue(method.isEmpty() || Arrays.stream(DynamoStoreOptions.Builder.class.getMethods())
          .anyMatch(m -> m.getName().equals(method) && m.getParameterCount() == 1), key + ": " + method);
    }
  }
}
