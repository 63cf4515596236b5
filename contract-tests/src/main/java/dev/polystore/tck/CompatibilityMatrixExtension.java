package dev.polystore.tck;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Records what a contract run proved and writes it, per test class, as
 * {@code target/compatibility/<backend>[-<variant>]-<contract>.md} and {@code .json}: every contract test
 * with its outcome ({@code passed}, {@code negative} with the capability the store does not declare,
 * {@code failed}, {@code skipped}) plus totals. The backend name is {@code capabilities().backend()}.
 *
 * <p>Registered on {@link StoreContract}, so every contract subclass gets it. State lives in the test class's
 * {@link ExtensionContext.Store}, and the files are written when the class finishes, so it works when several
 * test classes run in one JVM. The output folder is {@code target/compatibility} under the module
 * ({@code basedir}), or the configuration parameter / system property {@value #DIRECTORY_PROPERTY}.
 *
 * <p>Thread-safe: results of one class may arrive from several threads.
 */
public final class CompatibilityMatrixExtension implements AfterEachCallback, TestWatcher, AfterAllCallback {

  /** Configuration parameter (or system property) naming the folder the matrix files go to. */
  public static final String DIRECTORY_PROPERTY = "polystore.tck.matrix.dir";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CompatibilityMatrixExtension.class);
  /** File names written by this JVM, to keep two classes with the same backend apart. */
  private static final Set<String> WRITTEN = ConcurrentHashMap.newKeySet();

  /** The outcome of one contract test. */
  public enum Outcome {
    PASSED("passed"), NEGATIVE("negative"), FAILED("failed"), SKIPPED("skipped");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One row of the matrix. */
  record Row(String test, String displayName, Outcome outcome, String detail) {
  }

  /** What one test class has collected so far. */
  static final class ClassResults {
    volatile String contract;
    volatile String variant = "";
    volatile String backend;
    final Map<String, Capability> negatives = new ConcurrentHashMap<>();
    final Map<String, Row> rows = new ConcurrentHashMap<>();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Optional<Object> instance = context.getTestInstance();
    if (instance.isEmpty() || !(instance.get() instanceof StoreContract<?> contract)) {
      return;
    }
    ClassResults results = results(context);
    results.contract = contract.contractName();
    results.variant = contract.variant() == null ? "" : contract.variant();
    Capabilities capabilities = contract.capabilitiesOrNull();
    if (capabilities != null) {
      results.backend = capabilities.backend();
    }
    Capability negative = contract.negativeCapability();
    if (negative != null) {
      results.negatives.put(testKey(context), negative);
    }
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    String key = testKey(context);
    ClassResults results = results(context);
    Capability negative = results.negatives.get(key);
    if (negative == null) {
      record(context, Outcome.PASSED, "");
    } else {
      record(context, Outcome.NEGATIVE, "capability " + negative);
    }
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    record(context, Outcome.FAILED, firstLine(cause));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    record(context, Outcome.SKIPPED, "aborted: " + firstLine(cause));
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    record(context, Outcome.SKIPPED, "disabled" + reason.map(r -> ": " + r).orElse(""));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    if (!StoreContract.class.isAssignableFrom(testClass)) {
      return;
    }
    ClassResults results = results(context);
    List<Row> rows = rowsFor(testClass, results);
    String contract = results.contract != null ? results.contract : contractNameOf(testClass);
    String backend = results.backend != null ? results.backend : testClass.getSimpleName();
    Path directory = directory(context);
    String baseName = fileName(backend, results.variant, contract);
    if (!WRITTEN.add(directory.resolve(baseName).toAbsolutePath().toString())) {
      baseName = baseName + "-" + testClass.getSimpleName();
      WRITTEN.add(directory.resolve(baseName).toAbsolutePath().toString());
    }
    write(directory, baseName, new Matrix(testClass.getName(), backend, results.variant, contract, rows));
  }

  // ---- collecting ------------------------------------------------------------------------------

  private static void record(ExtensionContext context, Outcome outcome, String detail) {
    Optional<Method> method = context.getTestMethod();
    if (method.isEmpty()) {
      return;
    }
    results(context).rows.put(testKey(context),
        new Row(method.get().getName(), context.getDisplayName(), outcome, detail));
  }

  private static ClassResults results(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(ClassResults.class, type -> new ClassResults(), ClassResults.class);
  }

  private static String testKey(ExtensionContext context) {
    return context.getTestMethod().map(Method::getName).orElse(context.getUniqueId());
  }

  /** Every {@code @Test} method of the class, with its recorded outcome or "skipped (not run)", by name. */
  static List<Row> rowsFor(Class<?> testClass, ClassResults results) {
    Map<String, Row> byTest = new TreeMap<>();
    for (Method method : AnnotationSupport.findAnnotatedMethods(testClass, Test.class,
        HierarchyTraversalMode.TOP_DOWN)) {
      byTest.put(method.getName(), new Row(method.getName(), method.getName() + "()", Outcome.SKIPPED, "not run"));
    }
    for (Row row : results.rows.values()) {
      byTest.put(row.test(), row);
    }
    return new ArrayList<>(byTest.values());
  }

  private static String contractNameOf(Class<?> testClass) {
    if (UserStoreContract.class.isAssignableFrom(testClass)) {
      return UserStoreContract.NAME;
    }
    if (EventStoreContract.class.isAssignableFrom(testClass)) {
      return EventStoreContract.NAME;
    }
    if (UserNativeAccessContract.class.isAssignableFrom(testClass)) {
      return UserNativeAccessContract.NAME;
    }
    if (EventNativeAccessContract.class.isAssignableFrom(testClass)) {
      return EventNativeAccessContract.NAME;
    }
    return "contract";
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** The matrix of one test class. */
  record Matrix(String testClass, String backend, String variant, String contract, List<Row> rows) {

    Map<Outcome, Integer> totals() {
      Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        totals.put(outcome, 0);
      }
      rows.forEach(row -> totals.merge(row.outcome(), 1, Integer::sum));
      return totals;
    }

    String toMarkdown() {
      StringBuilder md = new StringBuilder();
      md.append("# ").append(backend).append(variant.isEmpty() ? "" : " (" + variant + ")")
          .append(" — ").append(contract).append(" contract\n\n");
      md.append("Test class: `").append(testClass).append("`\n\n");
      md.append("| test | outcome | detail |\n|---|---|---|\n");
      for (Row row : rows) {
        md.append("| ").append(cell(row.test())).append(" | ").append(row.outcome().label())
            .append(" | ").append(cell(row.detail())).append(" |\n");
      }
      Map<Outcome, Integer> totals = totals();
      md.append("\nTotals: ").append(rows.size()).append(" tests");
      for (Outcome outcome : Outcome.values()) {
        md.append(", ").append(totals.get(outcome)).append(' ').append(outcome.label());
      }
      return md.append('\n').toString();
    }

    String toJson() {
      StringBuilder json = new StringBuilder("{\n");
      json.append("  \"testClass\": ").append(quote(testClass)).append(",\n");
      json.append("  \"backend\": ").append(quote(backend)).append(",\n");
      json.append("  \"variant\": ").append(quote(variant)).append(",\n");
      json.append("  \"contract\": ").append(quote(contract)).append(",\n");
      json.append("  \"tests\": [");
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        json.append(i == 0 ? "\n" : ",\n").append("    {\"test\": ").append(quote(row.test()))
            .append(", \"outcome\": ").append(quote(row.outcome().label()))
            .append(", \"detail\": ").append(quote(row.detail())).append('}');
      }
      json.append(rows.isEmpty() ? "],\n" : "\n  ],\n");
      json.append("  \"totals\": {\"tests\": ").append(rows.size());
      totals().forEach((outcome, n) -> json.append(", ").append(quote(outcome.label())).append(": ").append(n));
      return json.append("}\n}\n").toString();
    }
  }

  private static void write(Path directory, String baseName, Matrix matrix) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(baseName + ".md"), matrix.toMarkdown(), StandardCharsets.UTF_8);
      Files.writeString(directory.resolve(baseName + ".json"), matrix.toJson(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the compatibility matrix to " + directory, e);
    }
  }

  static Path directory(ExtensionContext context) {
    Optional<String> configured = context.getConfigurationParameter(DIRECTORY_PROPERTY);
    if (configured.isPresent() && !configured.get().isBlank()) {
      return Paths.get(configured.get());
    }
    String basedir = System.getProperty("basedir");
    Path root = basedir == null || basedir.isBlank() ? Paths.get("") : Paths.get(basedir);
    return root.resolve("target").resolve("compatibility");
  }

  /** {@code <backend>[-<variant>]-<contract>}, lowercase, safe as a file name. */
  static String fileName(String backend, String variant, String contract) {
    StringBuilder name = new StringBuilder(slug(backend));
    if (variant != null && !variant.isBlank()) {
      name.append('-').append(slug(variant));
    }
    return name.append('-').append(slug(contract)).toString();
  }

  private static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "unnamed" : slug;
  }

  private static String firstLine(Throwable cause) {
    String message = cause.getMessage();
    String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    int newline = text.indexOf('\n');
    text = newline < 0 ? text : text.substring(0, newline);
    text = text.length() > 300 ? text.substring(0, 300) + "…" : text;
    // a message may quote ill-formed text, and the cut may split a surrogate pair: '?' stands for what UTF-8 cannot hold
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
