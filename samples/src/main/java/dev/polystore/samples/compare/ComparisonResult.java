package dev.polystore.samples.compare;

import java.time.Instant;
import java.util.List;

/**
 * Everything a {@code compare} run found: the backends, the operations, one result per operation and backend, and
 * the differences among the answers. Immutable.
 *
 * @param startedAt when the run started
 * @param seconds how long the workload ran
 * @param size the workload
 * @param backends the backends' labels, in the order they ran
 * @param operations the operations' names and descriptions, in the order they ran
 * @param results one per operation and backend that has the store it needs
 * @param differences where backends disagreed; empty when they all agreed
 */
public record ComparisonResult(Instant startedAt, double seconds, WorkloadSize size, List<String> backends,
    List<OperationInfo> operations, List<OperationResult> results, List<Difference> differences) {

  /** An operation's name and what one call does. */
  public record OperationInfo(String name, String description, String role) {
  }

  public ComparisonResult {
    backends = List.copyOf(backends);
    operations = List.copyOf(operations);
    results = List.copyOf(results);
    differences = List.copyOf(differences);
  }

  /** Whether every backend gave the same answers. */
  public boolean agreed() {
    return differences.isEmpty();
  }

  /** The result of {@code operation} on {@code backend}, if it ran there. */
  public java.util.Optional<OperationResult> result(String operation, String backend) {
    return results.stream().filter(r -> r.operation().equals(operation) && r.backend().equals(backend)).findFirst();
  }
}
