package dev.polystore.samples.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the answers of every backend that ran an operation: all must be equal, line for line. A refusal is
 * not a difference when the store does not declare the capability (it is reported under capabilities); a failure
 * always is. Thread-safe (stateless).
 */
public final class Agreement {

  /** The most diff lines shown per difference. */
  static final int MAX_DIFF_LINES = 12;

  private Agreement() {
  }

  /** The differences among {@code results}, per operation in their order. */
  public static List<Difference> differences(List<OperationResult> results) {
    Map<String, List<OperationResult>> byOperation = new LinkedHashMap<>();
    for (OperationResult result : results) {
      byOperation.computeIfAbsent(result.operation(), k -> new ArrayList<>()).add(result);
    }
    List<Difference> differences = new ArrayList<>();
    byOperation.forEach((operation, ofOperation) -> {
      OperationResult reference = null;
      for (OperationResult result : ofOperation) {
        Answer answer = result.answer();
        if (answer.outcome() == Answer.Outcome.FAILED) {
          differences.add(new Difference(operation, "(expected an answer)", result.backend(),
              answer.lines().stream().map(line -> "! " + line).toList()));
        } else if (answer.outcome() == Answer.Outcome.ANSWERED) {
          if (reference == null) {
            reference = result;
          } else if (!reference.answer().lines().equals(answer.lines())) {
            differences.add(new Difference(operation, reference.backend(), result.backend(),
                diff(reference.answer().lines(), answer.lines())));
          }
        }
      }
    });
    return differences;
  }

  /** Lines only one side has; or, when both have the same lines, where their order first differs. */
  static List<String> diff(List<String> expected, List<String> actual) {
    List<String> lines = new ArrayList<>();
    Set<String> actualSet = new LinkedHashSet<>(actual);
    Set<String> expectedSet = new LinkedHashSet<>(expected);
    expected.stream().filter(line -> !actualSet.contains(line)).distinct().forEach(line -> lines.add("- " + line));
    actual.stream().filter(line -> !expectedSet.contains(line)).distinct().forEach(line -> lines.add("+ " + line));
    if (lines.isEmpty()) {
      if (expected.size() != actual.size()) {
        lines.add("same lines, repeated differently: " + expected.size() + " lines against " + actual.size());
      } else {
        for (int i = 0; i < expected.size(); i++) {
          if (!expected.get(i).equals(actual.get(i))) {
            lines.add("same lines in another order; first difference at line " + (i + 1) + ":");
            lines.add("- " + expected.get(i));
            lines.add("+ " + actual.get(i));
            break;
          }
        }
      }
    }
    if (lines.size() > MAX_DIFF_LINES) {
      int more = lines.size() - MAX_DIFF_LINES;
      lines.subList(MAX_DIFF_LINES, lines.size()).clear();
      lines.add("... and " + more + " more lines");
    }
    return lines;
  }
}
