package dev.polystore.samples.compare;

import java.util.List;

/**
 * What one backend answered to one operation, in a backend-neutral form (user names and ages rather than ids,
 * which differ between backends): text lines, or the refusal or error it ended with. Immutable.
 *
 * @param outcome whether it answered, refused (a missing capability) or failed
 * @param lines the answer's lines; for a refusal or error, the message
 */
public record Answer(Outcome outcome, List<String> lines) {

  /** How an operation ended on a backend. */
  public enum Outcome { ANSWERED, REFUSED, FAILED }

  public Answer {
    lines = List.copyOf(lines);
  }

  public static Answer of(List<String> lines) {
    return new Answer(Outcome.ANSWERED, lines);
  }

  public static Answer refused(String message) {
    return new Answer(Outcome.REFUSED, List.of(message));
  }

  public static Answer failed(String message) {
    return new Answer(Outcome.FAILED, List.of(message));
  }
}
