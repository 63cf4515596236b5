package dev.polystore.samples.backends;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Points {@code sqlite4java.library.path} at the folder that holds DynamoDB Local's native libraries: the
 * {@code lib} folder next to the samples jar, where the build copies them. A value already set (by the tests, or on
 * the command line) is kept. Thread-safe.
 */
public final class NativeLibraries {

  /** The system property sqlite4java reads. */
  public static final String SQLITE4JAVA_PATH = "sqlite4java.library.path";

  private NativeLibraries() {
  }

  /** Sets {@value #SQLITE4JAVA_PATH} to the jar's {@code lib} folder unless it is set already or not found. */
  public static synchronized void locateSqlite4java() {
    if (System.getProperty(SQLITE4JAVA_PATH) != null) {
      return;
    }
    Path lib = jarFolder().resolve("lib");
    if (Files.isDirectory(lib)) {
      System.setProperty(SQLITE4JAVA_PATH, lib.toAbsolutePath().toString());
    }
  }

  /** The folder of the jar (or class folder) this class was loaded from. */
  private static Path jarFolder() {
    try {
      CodeSource source = NativeLibraries.class.getProtectionDomain().getCodeSource();
      Path location = Path.of(source.getLocation().toURI());
      return Files.isDirectory(location) ? location.getParent() : location.toAbsolutePath().getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of(".");
    }
  }
}
