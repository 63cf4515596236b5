/**
 * The report of a run: ratios (Polystore ÷ raw, Polystore ÷ Hibernate) per workload and backend with median and
 * spread, as Markdown and as a chart, read from JMH's JSON results. Internal to the benchmarks.
 */
package dev.polystore.benchmarks.report;
