package dev.polystore.dynamodb.internal;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.Messages;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Internal: turns SDK exceptions into Polystore exceptions, keeping the cause; the SDK's message is quoted masked
 * and bounded ({@link Messages#bounded(String)}). Thread-safe (stateless).
 */
final class DynamoErrors {

  private static final Set<String> AUTH_ERRORS = Set.of("UnrecognizedClientException", "AccessDeniedException",
      "InvalidSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
      "IncompleteSignatureException", "InvalidClientTokenId", "SignatureDoesNotMatch");

  private DynamoErrors() {
  }

  /** Whether retrying later may help: throttling, request limits, or a service-side failure. */
  static boolean isThrottling(Throwable e) {
    if (e instanceof ProvisionedThroughputExceededException || e instanceof RequestLimitExceededException) {
      return true;
    }
    return e instanceof AwsServiceException a && (a.isThrottlingException() || a.statusCode() >= 500);
  }

  static StoreException translate(SdkException e, String operation) {
    String detail = Messages.bounded(StoreConfig.mask(e.getMessage()));
    if (isThrottling(e)) {
      return new StoreUnavailableException("DynamoDB throttled or failed while " + operation + "; retry later: "
          + detail, e);
    }
    if (e instanceof ResourceNotFoundException) {
      return new StoreConfigurationException("DynamoDB table or index not found while " + operation + ": " + detail,
          e);
    }
    if (e instanceof AwsServiceException a && a.awsErrorDetails() != null
        && AUTH_ERRORS.contains(a.awsErrorDetails().errorCode())) {
      return new StoreConfigurationException("DynamoDB refused the credentials while " + operation + ": "
          + a.awsErrorDetails().errorCode(), e);
    }
    if (e instanceof SdkClientException) {
      return new StoreUnavailableException("cannot reach DynamoDB while " + operation + ": " + detail, e);
    }
    return new StoreException("DynamoDB refused " + operation + ": " + detail, e);
  }
}
