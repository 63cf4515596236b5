package dev.polystore.samples.compare;

import java.util.List;

/**
 * Two backends answered one operation differently. Immutable.
 *
 * @param operation the operation
 * @param reference the backend compared against (the first that answered)
 * @param other the backend that differs
 * @param diff the differing lines: {@code - line} only the reference has, {@code + line} only the other has
 */
public record Difference(String operation, String reference, String other, List<String> diff) {

  public Difference {
    diff = List.copyOf(diff);
  }
}
