package dev.polystore.dynamodb;

import java.util.Objects;
import java.util.Optional;

/**
 * How a DynamoDB store answers one read: which key or index it uses and whether it must read every user or
 * post (a scan, in cost terms). Immutable and thread-safe.
 *
 * @param access the DynamoDB operation, e.g. {@code "Query gsi1 gsi1pk=USER, filter expression"}
 * @param scanReason why the read is a scan; empty when it is bounded by a key
 * @param emulated what the store does in memory because DynamoDB cannot (suffix matches, sorting by a field
 *     other than the id, offsets); empty when nothing is emulated
 */
public record DynamoReadPlan(String access, Optional<String> scanReason, Optional<String> emulated) {

  public DynamoReadPlan {
    Objects.requireNonNull(access, "access");
    scanReason = scanReason == null ? Optional.empty() : scanReason;
    emulated = emulated == null ? Optional.empty() : emulated;
  }

  /** Whether the read is a scan: its cost grows with all stored users or posts, not with the result. */
  public boolean scans() {
    return scanReason.isPresent();
  }

  @Override
  public String toString() {
    return access + scanReason.map(r -> "; SCAN: " + r).orElse("") + emulated.map(e -> "; emulated: " + e).orElse("");
  }
}
