package dev.polystore.dynamodb;

import dev.polystore.tck.OptionTableDocs;
import org.junit.jupiter.api.Test;

/**
 * The option table of {@code docs/dynamodb.md} is the one {@link DynamoStoreOptions}' declarations make, and every
 * builder method it names exists. With {@code -Dpolystore.docs.write=true} the test first rewrites it.
 */
class DynamoOptionTableDocTest {

  @Test
  void theOptionTableOfTheDocsIsTheDeclaredOne() {
    OptionTableDocs.assertDocumented(DynamoStoreOptions.OPTIONS, DynamoStoreOptions.Builder.class,
        "docs/dynamodb.md", "dynamo-adapter", "DynamoOptionTableDocTest");
  }
}
