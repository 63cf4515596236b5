/** The {@code demo} command: the tutorials' scenarios, step by step, on one backend. */
package dev.polystore.samples.demo;
