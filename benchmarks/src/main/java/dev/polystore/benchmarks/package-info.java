/**
 * The benchmark suite's entry point and what every backend's benchmarks share: server resolution from the
 * environment and the generated workloads. Not an API: a tool of the project, run with
 * {@code java -jar benchmarks/target/benchmarks.jar}.
 */
package dev.polystore.benchmarks;
