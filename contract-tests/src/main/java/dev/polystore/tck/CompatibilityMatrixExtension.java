package dev.polystore.tck;

import org.junit.jupiter.api.extension.Extension;

/** Writes the compatibility matrix. */
public final class CompatibilityMatrixExtension implements Extension {
}
