/**
 * Opening backends for the samples: where the servers are (command line, {@code POLYSTORE_SAMPLES_*} or
 * {@code POLYSTORE_TEST_*}), DynamoDB Local in-process, clients that count requests, and scratch spaces that a run
 * creates and drops. Not an API.
 */
package dev.polystore.samples.backends;
