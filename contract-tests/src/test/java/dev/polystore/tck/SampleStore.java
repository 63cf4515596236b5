package dev.polystore.tck;

import dev.polystore.Capabilities;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in store for testing the contract machinery itself: it only declares capabilities. */
record SampleStore(Capabilities capabilities, AtomicInteger closed) implements AutoCloseable {

  SampleStore(Capabilities capabilities) {
    this(capabilities, new AtomicInteger());
  }

  @Override
  public void close() {
    closed.incrementAndGet();
  }
}
