package dev.polystore.samples.compare;

import dev.polystore.Capabilities;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.dynamodb.DynamoReadPlan;
import dev.polystore.samples.backends.Backend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the workload on each backend in turn (one at a time, so they do not compete for the machine), times every
 * call, counts the requests it sent, classifies how the backend did it, and compares the answers. Not
 * thread-safe.
 */
public final class Comparison {

  private final WorkloadSize size;
  private final List<Operation> operations;

  public Comparison(WorkloadSize size) {
    this.size = size;
    this.operations = Operations.all(size);
  }

  /** The operations, in the order they run. */
  public List<Operation> operations() {
    return operations;
  }

  /** How many calls {@link #run} makes on {@code backends}, for a progress bar. */
  public long plannedCalls(List<Backend> backends) {
    long calls = 0;
    for (Backend backend : backends) {
      for (Operation operation : operations) {
        if (runsOn(operation, backend)) {
          calls += operation.calls();
        }
      }
    }
    return calls;
  }

  /**
   * Runs the workload on every backend.
   *
   * @param progress told of every call made (or skipped), with the backend and operation as a message
   */
  public ComparisonResult run(List<Backend> backends, Progress progress) {
    Instant started = Instant.now();
    long start = System.nanoTime();
    List<OperationResult> results = new ArrayList<>();
    for (Backend backend : backends) {
      RunContext context = new RunContext(backend, size);
      for (Operation operation : operations) {
        if (runsOn(operation, backend)) {
          progress.message(backend.label() + ": " + operation.name());
          results.add(run(operation, context, progress::step));
        }
      }
    }
    List<ComparisonResult.OperationInfo> infos = operations.stream()
        .map(o -> new ComparisonResult.OperationInfo(o.name(), o.description(), o.role().name().toLowerCase()))
        .toList();
    return new ComparisonResult(started, (System.nanoTime() - start) / 1e9, size,
        backends.stream().map(Backend::label).toList(), infos, results, Agreement.differences(results));
  }

  private static boolean runsOn(Operation operation, Backend backend) {
    return operation.role() == Operation.Role.USERS ? backend.users().isPresent() : backend.events().isPresent();
  }

  private static OperationResult run(Operation operation, RunContext context, Consumer<Long> step) {
    Backend backend = context.backend();
    Capabilities capabilities = operation.role() == Operation.Role.USERS
        ? context.users().capabilities() : context.events().capabilities();
    boolean declared = operation.needs().map(capabilities::has).orElse(true);
    long[] nanos = new long[operation.calls()];
    long requestsBefore = backend.requests().get();
    List<String> lines = new ArrayList<>();
    Answer answer = null;
    int made = 0;
    for (int k = 0; k < operation.calls() && answer == null; k++) {
      long t0 = System.nanoTime();
      try {
        lines.addAll(operation.call().run(context, k));
        nanos[made++] = System.nanoTime() - t0;
      } catch (UnsupportedCapabilityException e) {
        answer = declared
            ? Answer.failed("refused although " + capabilities.backend() + " declares " + operation.needs().orElse(null)
                + ": " + e.getMessage())
            : Answer.refused(e.getMessage());
        step.accept((long) operation.calls() - k - 1);
      } catch (RuntimeException e) {
        answer = Answer.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        step.accept((long) operation.calls() - k - 1);
      }
      step.accept(1L);
    }
    if (answer == null) {
      answer = declared ? Answer.of(lines) : Answer.failed("answered although " + capabilities.backend()
          + " does not declare " + operation.needs().orElse(null));
    }
    Cost cost = Cost.of(Arrays.copyOf(nanos, made), backend.requests().get() - requestsBefore,
        backend.requests().unit());
    Classification support = classify(operation, context, answer);
    return new OperationResult(operation.name(), backend.label(), support.support(), support.detail(), answer, cost);
  }

  private record Classification(Support support, String detail) {
  }

  /** Refused or failed from the answer; scan or emulated from DynamoDB's plan, else the documentation; else native. */
  private static Classification classify(Operation operation, RunContext context, Answer answer) {
    if (answer.outcome() == Answer.Outcome.REFUSED) {
      return new Classification(Support.REFUSED, answer.lines().get(0));
    }
    if (answer.outcome() == Answer.Outcome.FAILED) {
      return new Classification(Support.FAILED, answer.lines().get(0));
    }
    if (operation.plan().isPresent() && context.backend().planner().isPresent()) {
      DynamoReadPlan plan = operation.plan().get().plan(context.backend().planner().get(), context);
      if (plan.scans()) {
        return new Classification(Support.SCAN, plan.toString());
      }
      if (plan.emulated().isPresent()) {
        return new Classification(Support.EMULATED, plan.toString());
      }
      return new Classification(Support.NATIVE, plan.toString());
    }
    for (Operation.Documented documented : operation.documented()) {
      if (documented.backend() == context.backend().kind()) {
        return new Classification(documented.support(), documented.reason());
      }
    }
    return new Classification(Support.NATIVE, "");
  }

  /** Where {@link #run} reports its progress. */
  public interface Progress {
    /** What runs now. */
    void message(String message);

    /** {@code calls} more calls made or skipped. */
    void step(long calls);

    /** Reports nothing. */
    static Progress none() {
      return new Progress() {
        @Override
        public void message(String message) {
        }

        @Override
        public void step(long calls) {
        }
      };
    }
  }
}
