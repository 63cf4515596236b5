/** Tests that run every example program against every backend it supports. */
package dev.polystore.samples.examples;
