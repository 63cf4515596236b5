package dev.polystore.samples.compare;

import dev.polystore.Capability;
import dev.polystore.dynamodb.DynamoReadPlan;
import dev.polystore.dynamodb.DynamoReadPlanner;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of the workload, run the same way on every backend that has the store it needs. Immutable.
 *
 * @param name short name, e.g. {@code user.count}
 * @param description what one call does
 * @param role the store it runs on
 * @param needs the capability it needs, if any; a store without it must refuse
 * @param calls how many calls are made (and timed)
 * @param call one call, returning its answer in backend-neutral lines
 * @param plan DynamoDB's plan of the call, which says whether it scans or emulates; empty for key look-ups and
 *     writes
 * @param documented how backends do it by their adapter's documentation where no read plan reports it
 *     (DynamoDB's event aggregates are computed in memory, its top authors read every post)
 */
public record Operation(String name, String description, Role role, Optional<Capability> needs, int calls,
    Call call, Optional<PlanProbe> plan, List<Documented> documented) {

  /** How a backend does an operation, as its adapter's documentation says. */
  public record Documented(dev.polystore.samples.backends.BackendKind backend, Support support, String reason) {
  }

  /** The store an operation runs on. */
  public enum Role { USERS, EVENTS }

  /** One call of an operation. */
  @FunctionalInterface
  public interface Call {
    /** Makes call number {@code index} (from 0) and returns its answer's lines. */
    List<String> run(RunContext context, int index);
  }

  /** What DynamoDB would do for the first call. */
  @FunctionalInterface
  public interface PlanProbe {
    DynamoReadPlan plan(DynamoReadPlanner planner, RunContext context);
  }

  public Operation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(needs, "needs");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(plan, "plan");
    documented = List.copyOf(documented);
  }
}
