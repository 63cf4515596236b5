/**
 * The {@code compare} command: one workload run on every backend, answers compared, capabilities classified
 * (native, emulated, scan, refused) and costs measured (latency, throughput, requests sent).
 */
package dev.polystore.samples.compare;
