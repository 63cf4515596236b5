package dev.polystore;

/**
 * The operation needs a {@link Capability} the backend does not declare. Thrown before anything is sent to
 * the backend; Polystore never silently changes what an operation means to make it fit.
 */
public class UnsupportedCapabilityException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final Capability capability;
  private final String backend;

  public UnsupportedCapabilityException(Capability capability, String backend) {
    this(capability, backend, null);
  }

  public UnsupportedCapabilityException(Capability capability, String backend, String detail) {
    super(backend + " does not support " + capability + (detail == null ? "" : ": " + detail));
    this.capability = capability;
    this.backend = backend;
  }

  public Capability capability() {
    return capability;
  }

  public String backend() {
    return backend;
  }
}
