package dev.polystore.dynamodb.internal;

import dev.polystore.OutcomeUnknownException;
import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.spi.support.Messages;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Internal: turns SDK exceptions into Polystore exceptions, keeping the cause (the SDK's message is quoted masked
 * and bounded, {@link Messages#bounded(String)}), and tells whether a failed write may have taken effect.
 * Thread-safe (stateless).
 *
 * <p>A write failed without effect when DynamoDB answered with an error that means it did not apply the request
 * (a 4xx: throttled, refused, a failed condition), or when the request never left the client (no connection could
 * be opened, credentials could not be loaded). Anything else — the connection broke or timed out after the request
 * was sent, an attempt ran out of time, DynamoDB answered with a 5xx — may have taken effect. The SDK may have sent
 * the request several times: every attempt counts (it reports earlier attempts as suppressed exceptions whose
 * messages say what failed), so a write whose first reply was lost and whose resends were throttled may still have
 * taken effect.
 */
final class DynamoErrors {

  private static final Set<String> AUTH_ERRORS = Set.of("UnrecognizedClientException", "AccessDeniedException",
      "InvalidSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
      "IncompleteSignatureException", "InvalidClientTokenId", "SignatureDoesNotMatch");

  /** Phrases of failures to open a connection, in the messages the SDK keeps of earlier attempts. */
  private static final List<String> NOT_CONNECTED = List.of("Connection refused", "Connect timed out",
      "connect timed out", "UnknownHostException", "Name or service not known", "No route to host",
      "nodename nor servname provided");
  /** A service error answered with a 4xx, as the SDK writes it into messages. */
  private static final Pattern CLIENT_ERROR_STATUS = Pattern.compile("\\(Service: [^)]*Status Code: 4\\d\\d");
  private static final String ATTEMPT_FAILURE = "Request attempt ";

  private DynamoErrors() {
  }

  /**
   * Whether a failed write may have taken effect: whether any attempt the SDK made of it may have reached DynamoDB
   * and been applied. False only when every attempt is known to have failed without effect.
   */
  static boolean mayHaveTakenEffect(SdkException e) {
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException
        || e instanceof AbortedException) {
      return true; // the call was given up (out of time, or interrupted) at a moment the store cannot know
    }
    if (e.numAttempts() == null || e.numAttempts() == 0) {
      return false; // never sent: e.g. the credentials could not be loaded
    }
    if (attemptMayHaveTakenEffect(e)) {
      return true;
    }
    for (Throwable earlier : e.getSuppressed()) {
      String message = earlier.getMessage();
      if (message != null && message.startsWith(ATTEMPT_FAILURE) && !CLIENT_ERROR_STATUS.matcher(message).find()
          && NOT_CONNECTED.stream().noneMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this one failed attempt may have taken effect. */
  private static boolean attemptMayHaveTakenEffect(SdkException e) {
    if (e instanceof AwsServiceException a) {
      return a.statusCode() >= 500; // DynamoDB may have applied a request it answered with a server error
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException || cause instanceof SSLHandshakeException
          || cause.getClass().getSimpleName().equals("ConnectTimeoutException")) {
        return false; // no connection was opened, so nothing was sent
      }
    }
    return true;
  }

  /**
   * A write that may have taken effect ({@link #mayHaveTakenEffect}) and no later send settled: whether DynamoDB
   * applied it is unknown. A write that failed otherwise is translated by {@link #translate}, whose plain
   * {@link StoreUnavailableException} then promises that the write took no effect.
   */
  static OutcomeUnknownException outcomeUnknown(String operation, SdkException e) {
    return new OutcomeUnknownException("DynamoDB may or may not have applied " + operation + ": the request was"
        + " sent, then " + Messages.bounded(StoreConfig.mask(e.getMessage()))
        + ". Read what the write was about before repeating it.", e);
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
