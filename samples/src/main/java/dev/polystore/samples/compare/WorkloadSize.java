package dev.polystore.samples.compare;

/**
 * How much {@code compare} does: users (with their posts and tags), events, and calls per read operation.
 * Immutable.
 *
 * @param users users created on every backend with a user store (each with 0 to 3 posts)
 * @param events events appended on every backend
 * @param reads calls made of each read operation
 */
public record WorkloadSize(int users, int events, int reads) {

  public WorkloadSize {
    if (users < 20 || events < 100 || reads < 1) {
      throw new IllegalArgumentException("a workload needs at least 20 users, 100 events and 1 read per operation");
    }
  }

  /** A preset: {@code small} (seconds), {@code default} (about a minute on 2 cores), {@code large}. */
  public static WorkloadSize preset(String name) {
    return switch (name) {
      case "small" -> new WorkloadSize(60, 600, 5);
      case "default" -> new WorkloadSize(300, 3000, 15);
      case "large" -> new WorkloadSize(2000, 20000, 40);
      default -> throw new IllegalArgumentException("--size is small, default or large, not " + name);
    };
  }
}
