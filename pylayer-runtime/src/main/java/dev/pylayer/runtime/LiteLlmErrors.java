package dev.pylayer.runtime;

import java.util.Map;

/** Turns the worker's structured errors into the {@link LiteLlmException} family. */
final class LiteLlmErrors {
  private LiteLlmErrors() {}

  static LiteLlmException fromWorker(Map<String, Object> error, String operation) {
    if (error == null) {
      return new LiteLlmProtocolException("ProtocolError", operation + ": the worker sent an error without details", null, null, false, null);
    }
    String type = orElse(JsonFields.string(error, "type"), "Error");
    String kind = orElse(JsonFields.string(error, "kind"), "");
    Integer status = JsonFields.integer(error, "status_code");
    String provider = JsonFields.string(error, "provider");
    boolean retryable = Boolean.TRUE.equals(error.get("retryable"));
    String message =
        type
            + (status != null || provider != null
                ? " (" + (status != null ? "HTTP " + status : "") + (status != null && provider != null ? ", " : "")
                    + (provider != null ? "provider " + provider : "") + ")"
                : "")
            + " in " + operation + ": " + orElse(JsonFields.string(error, "message"), "(no message)");
    switch (kind) {
      case "RateLimitError":
        return new RateLimitException(type, message, status, provider, retryable, null);
      case "AuthenticationError":
        return new AuthenticationException(type, message, status, provider, retryable, null);
      case "PermissionDeniedError":
        return new PermissionDeniedException(type, message, status, provider, retryable, null);
      case "NotFoundError":
        return new NotFoundException(type, message, status, provider, retryable, null);
      case "ContextWindowExceededError":
        return new ContextWindowExceededException(type, message, status, provider, retryable, null);
      case "BadRequestError":
      case "UnprocessableEntityError":
        return new BadRequestException(type, message, status, provider, retryable, null);
      case "Timeout":
        return new LiteLlmTimeoutException(type, message, status, provider, retryable, null);
      case "ServiceUnavailableError":
        return new ServiceUnavailableException(type, message, status, provider, retryable, null);
      case "InternalServerError":
        return new InternalServerException(type, message, status, provider, retryable, null);
      case "APIConnectionError":
        return new ApiConnectionException(type, message, status, provider, retryable, null);
      default:
        if (status != null && status >= 500) {
          // LiteLLM's generic APIError carries the provider's 5xx status.
          return new InternalServerException(type, message, status, provider, retryable, null);
        }
        return new LiteLlmException(type, message, status, provider, retryable, null);
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
