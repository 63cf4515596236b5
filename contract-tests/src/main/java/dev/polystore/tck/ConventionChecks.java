package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreException;
import org.junit.jupiter.api.function.Executable;

/** The assertions of the conventions contracts ({@link UserConventionsContract}, {@link EventConventionsContract}). */
final class ConventionChecks {

  private ConventionChecks() {
  }

  /**
   * Asserts that {@code call} fails, if it fails, with a Polystore exception or a usage error
   * ({@link NullPointerException}, {@link IllegalArgumentException}, {@link IllegalStateException}).
   */
  static void assertPolystoreFailure(String what, Executable call) {
    try {
      call.execute();
    } catch (Throwable e) {
      assertTrue(e instanceof StoreException || e instanceof NullPointerException
              || e instanceof IllegalArgumentException || e instanceof IllegalStateException,
          what + " failed with " + e.getClass().getName() + ", outside Polystore's exceptions: " + e);
    }
  }

  /** Asserts that {@code call} throws a NullPointerException whose message names the first word of {@code argument}. */
  static void assertNamedNull(String argument, Executable call) {
    String name = argument.strip().split(" ")[0];
    NullPointerException e = assertThrows(NullPointerException.class, call, "a null " + argument.strip());
    assertTrue(e.getMessage() != null && e.getMessage().contains(name),
        "the exception names the argument " + name + ": " + e.getMessage());
  }
}
