package dev.polystore.samples.compare;

import dev.polystore.samples.backends.Backend;
import dev.polystore.samples.backends.BackendKind;
import dev.polystore.samples.backends.BackendOpener;
import dev.polystore.samples.backends.BackendTarget;
import dev.polystore.samples.backends.ServerEnvironment;
import dev.polystore.samples.report.ReportCheck;
import dev.polystore.samples.report.ReportTables;
import dev.polystore.samples.report.ReportWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code compare}: runs one workload on every selected backend and reports agreement, capabilities and cost, in
 * the terminal and in a report folder. Exit status 0 when every backend agreed, 1 when they disagreed, 3 when
 * the report is incomplete ({@code --check-report}), 4 when a backend could not be opened. Not thread-safe.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Runs the same workload on every backend and compares answers, capabilities and cost.",
        "With no options: SQLite (file and memory) and DynamoDB Local in-process, plus the servers named in the"
            + " environment (POLYSTORE_SAMPLES_POSTGRES_URL, _MYSQL_URL, _DYNAMODB_ENDPOINT, _INFLUXDB_URL, or the"
            + " POLYSTORE_TEST_* ones)."},
    exitCodeListHeading = "Exit status:%n",
    exitCodeList = {"0:every backend gave the same answers", "1:backends disagreed (the differences are printed)",
        "2:wrong usage", "3:the report is incomplete (--check-report)", "4:a backend could not be opened"})
public final class CompareCommand implements Callable<Integer> {

  /** Exit status when backends disagreed. */
  public static final int DISAGREED = 1;
  /** Exit status when the report is incomplete. */
  public static final int REPORT_INCOMPLETE = 3;
  /** Exit status when a backend could not be opened. */
  public static final int BACKEND_UNAVAILABLE = 4;

  @Option(names = "--postgres", paramLabel = "URL", description = "JDBC URL of a PostgreSQL server")
  private String postgres;

  @Option(names = "--mysql", paramLabel = "URL", description = "JDBC URL of a MySQL or MariaDB server")
  private String mysql;

  @Option(names = "--dynamodb", paramLabel = "ENDPOINT",
      description = "endpoint of a DynamoDB (Local), e.g. http://127.0.0.1:8000; default: DynamoDB Local in-process")
  private String dynamodb;

  @Option(names = "--influxdb", paramLabel = "URL",
      description = "store URL of an InfluxDB, e.g. influxdb:?url=http://127.0.0.1:8086")
  private String influxdb;

  @Option(names = "--only", split = ",", paramLabel = "BACKEND",
      description = "run only these: sqlite-file, sqlite-memory, postgres, mysql, dynamodb, influxdb")
  private List<String> only;

  @Option(names = "--no-env", description = "ignore servers named in the environment")
  private boolean noEnvironment;

  @Option(names = "--size", defaultValue = "default", paramLabel = "SIZE",
      description = "small, default (about a minute on 2 cores) or large; default: ${DEFAULT-VALUE}")
  private String size;

  @Option(names = "--users", paramLabel = "N", description = "users to create (overrides --size)")
  private Integer users;

  @Option(names = "--events", paramLabel = "N", description = "events to append (overrides --size)")
  private Integer events;

  @Option(names = "--reads", paramLabel = "N", description = "calls per read operation (overrides --size)")
  private Integer reads;

  @Option(names = "--out", paramLabel = "DIR",
      description = "report folder; default: polystore-report-<timestamp> in the working directory")
  private Path out;

  @Option(names = "--check-report", description = "check the report is complete (charts readable, JSON valid)")
  private boolean checkReport;

  @Option(names = "--no-progress", description = "no progress bar")
  private boolean noProgress;

  @Spec
  private CommandSpec spec;

  private final UnaryOperator<Backend> decorator;
  private final PrintStream stdout;

  /** The command as the command line runs it. */
  public CompareCommand() {
    this(UnaryOperator.identity(), System.out);
  }

  /** For tests: every opened backend passes through {@code decorator} before the workload runs. */
  CompareCommand(UnaryOperator<Backend> decorator, PrintStream stdout) {
    this.decorator = decorator;
    this.stdout = stdout;
  }

  @Override
  public Integer call() {
    WorkloadSize workload;
    List<BackendTarget> targets;
    try {
      WorkloadSize preset = WorkloadSize.preset(size);
      workload = new WorkloadSize(Optional.ofNullable(users).orElse(preset.users()),
          Optional.ofNullable(events).orElse(preset.events()), Optional.ofNullable(reads).orElse(preset.reads()));
      targets = targets();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    stdout.println("Backends: " + String.join(", ", targets.stream().map(t -> t.label() + " ("
        + t.location().map(l -> dev.polystore.StoreConfig.mask(l) + ", from " + t.source()).orElse("embedded")
        + ")").toList()));
    stdout.println("Workload: " + workload.users() + " users, " + workload.events() + " events, " + workload.reads()
        + " calls per read operation");

    boolean unavailable = false;
    List<Backend> backends = new ArrayList<>();
    ComparisonResult result;
    try (BackendOpener opener = new BackendOpener()) {
      try {
        for (BackendTarget target : targets) {
          try {
            backends.add(decorator.apply(opener.open(target)));
          } catch (RuntimeException e) {
            unavailable = true;
            stdout.println(target.label() + " (" + target.source() + ") cannot be used: " + e.getMessage());
          }
        }
        if (backends.isEmpty()) {
          stdout.println("No backend could be opened: nothing to compare.");
          return BACKEND_UNAVAILABLE;
        }
        result = run(workload, backends);
      } finally {
        backends.forEach(Backend::close);
      }
    }

    stdout.println();
    stdout.print(ReportTables.summary(result).render());
    stdout.println("(cell: how it is done, median latency, requests per call; details in the report)");
    ReportTables.notes(result).forEach(note -> stdout.println("  " + note));
    stdout.println();
    stdout.print(ReportTables.differences(result));

    Path folder = (out != null ? out : Path.of("polystore-report-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
    try {
      ReportWriter.write(result, folder);
    } catch (IOException | RuntimeException e) {
      stdout.println("The report could not be written to " + folder + ": " + e);
      return REPORT_INCOMPLETE;
    }
    stdout.println("Report: " + folder.resolve(ReportWriter.INDEX));
    if (checkReport) {
      List<String> problems = ReportCheck.problems(folder);
      if (!problems.isEmpty()) {
        stdout.println("The report is incomplete:");
        problems.forEach(p -> stdout.println("  " + p));
        return REPORT_INCOMPLETE;
      }
      stdout.println("Report checked: every chart readable, JSON valid.");
    }
    if (!result.agreed()) {
      return DISAGREED;
    }
    return unavailable ? BACKEND_UNAVAILABLE : 0;
  }

  private ComparisonResult run(WorkloadSize workload, List<Backend> backends) {
    Comparison comparison = new Comparison(workload);
    if (noProgress) {
      return comparison.run(backends, Comparison.Progress.none());
    }
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("compare")
        .setInitialMax(comparison.plannedCalls(backends))
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build()) {
      return comparison.run(backends, new Comparison.Progress() {
        @Override
        public void message(String message) {
          bar.setExtraMessage(message);
        }

        @Override
        public void step(long calls) {
          bar.stepBy(calls);
        }
      });
    }
  }

  /** The embedded backends, and the servers given on the command line or, unless {@code --no-env}, in the environment. */
  private List<BackendTarget> targets() {
    ServerEnvironment environment = noEnvironment ? new ServerEnvironment(java.util.Map.of())
        : ServerEnvironment.system();
    List<BackendTarget> targets = new ArrayList<>();
    targets.add(BackendTarget.embedded(BackendKind.SQLITE_FILE));
    targets.add(BackendTarget.embedded(BackendKind.SQLITE_MEMORY));
    server(BackendKind.POSTGRES, postgres, "--postgres", environment).ifPresent(targets::add);
    server(BackendKind.MYSQL, mysql, "--mysql", environment).ifPresent(targets::add);
    targets.add(server(BackendKind.DYNAMODB, dynamodb, "--dynamodb", environment)
        .orElse(BackendTarget.embedded(BackendKind.DYNAMODB)));
    server(BackendKind.INFLUXDB, influxdb, "--influxdb", environment).ifPresent(targets::add);
    if (only != null) {
      List<BackendKind> kinds = only.stream().map(BackendKind::ofKey).toList();
      targets.removeIf(t -> !kinds.contains(t.kind()));
      for (BackendKind kind : kinds) {
        if (targets.stream().noneMatch(t -> t.kind() == kind)) {
          throw new ParameterException(spec.commandLine(),
              "--only " + kind.key() + ": no server given for it (" + optionOf(kind) + " or the environment)");
        }
      }
    }
    return targets;
  }

  private static String optionOf(BackendKind kind) {
    return "--" + kind.key();
  }

  private static Optional<BackendTarget> server(BackendKind kind, String option, String optionName,
      ServerEnvironment environment) {
    if (option != null && !option.isBlank()) {
      return Optional.of(BackendTarget.server(kind, option.strip(), optionName));
    }
    return environment.server(kind);
  }
}
