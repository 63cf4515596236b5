/**
 * SPI for adapter authors: the Polystore technology compatibility kit. {@link dev.polystore.tck.UserStoreContract}
 * and {@link dev.polystore.tck.EventStoreContract} are abstract JUnit 5 classes an adapter subclasses once per
 * backend (each extends the input rules of its store, {@link dev.polystore.tck.UserInputContract} or
 * {@link dev.polystore.tck.EventInputContract}, and composes feature interfaces with default test methods,
 * such as {@link dev.polystore.tck.UserCrudContract}, which reach the store through
 * {@link dev.polystore.tck.StoreUnderTest}); {@link dev.polystore.tck.UserNativeAccessContract} and
 * {@link dev.polystore.tck.EventNativeAccessContract} hold a store's native access ({@code unwrap}) to the same rules,
 * with hooks for the adapter's own native calls; {@link dev.polystore.tck.CompatibilityMatrixExtension} records what
 * each run proved,
 * {@link dev.polystore.tck.ServerBackends} finds a database server for adapters' tests (each adapter registers
 * the servers it needs as a {@link dev.polystore.tck.TestServer}) and
 * {@link dev.polystore.tck.Concurrently} runs one action on several threads at once for tests of races.
 * {@link dev.polystore.tck.VirtualThreadLoadContract} drives thousands of virtual threads against a backend, with
 * {@link dev.polystore.tck.ConcurrentLoad} (runs and deadlines), {@link dev.polystore.tck.PinnedThreadMonitor}
 * (JFR's pinned-thread events), {@link dev.polystore.tck.ThreadDiagnostics} (thread dumps for a failure message)
 * and {@link dev.polystore.tck.VirtualThreads} (virtual threads from classes compiled for Java 17). Used in test
 * scope only.
 */
package dev.polystore.tck;
