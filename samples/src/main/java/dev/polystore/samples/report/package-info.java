/** The report of {@code compare}: terminal tables, HTML page, charts (PNG and SVG), raw JSON, and its check. */
package dev.polystore.samples.report;
