package dev.polystore.samples.compare;

import java.util.Objects;

/**
 * How one operation went on one backend. Immutable.
 *
 * @param operation the operation's name
 * @param backend the backend's label
 * @param support native, emulated, scan, refused or failed
 * @param supportDetail why: DynamoDB's read plan, the refusal's message; empty when plainly native
 * @param answer the backend-neutral answer
 * @param cost calls, latencies and requests
 */
public record OperationResult(String operation, String backend, Support support, String supportDetail,
    Answer answer, Cost cost) {

  public OperationResult {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(support, "support");
    Objects.requireNonNull(supportDetail, "supportDetail");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(cost, "cost");
  }
}
