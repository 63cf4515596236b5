package dev.polystore.user;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Age statistics over the users matching a filter, counting only users whose age is known.
 *
 * @param count users with an age
 * @param average mean age; empty when {@code count} is 0
 * @param min youngest; empty when {@code count} is 0
 * @param max oldest; empty when {@code count} is 0
 */
public record AgeStats(long count, OptionalDouble average, OptionalInt min, OptionalInt max) {

  public static AgeStats empty() {
    return new AgeStats(0, OptionalDouble.empty(), OptionalInt.empty(), OptionalInt.empty());
  }
}
