package dev.kinetic.inference;

import dev.kinetic.contracts.Violation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;

/**
 * Errors of the inference APIs as the Open Inference Protocol has them: {@code {"error": "..."}}
 * with 400 for invalid input (and {@code violations}, each problem found), 404 for an unknown model
 * or version, 413 for a body over the limit, 503 for a model not loaded yet, 501 for what is not
 * supported, 500 for a failed inference.
 */
@RestControllerAdvice(assignableTypes = {OpenInferenceController.class, PredictController.class})
class InferenceErrors {

  private final InferenceMetrics metrics;

  InferenceErrors(InferenceMetrics metrics) {
    this.metrics = metrics;
  }

  static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  static final class NotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadyException(String message) {
      super(message);
    }
  }

  static final class UnsupportedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedException(String message) {
      super(message);
    }
  }

  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  /** The protocol's {@code error}, and each problem on its own for a program to read. */
  record InvalidInput(String error, List<Violation> violations) {}

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<InvalidInput> invalid(InvalidInputException e, HttpServletRequest request) {
    metrics.failed(model(request), HttpStatus.BAD_REQUEST.value());
    return ResponseEntity.badRequest().body(new InvalidInput(e.getMessage(), e.violations()));
  }

  /** A body that is not the JSON it should be (the controllers read their bodies themselves). */
  @ExceptionHandler(JacksonException.class)
  ResponseEntity<Map<String, String>> notJson(JacksonException e, HttpServletRequest request) {
    return error(
        request, HttpStatus.BAD_REQUEST, "the body is not the JSON expected: " + e.getMessage());
  }

  @ExceptionHandler(TooLargeException.class)
  ResponseEntity<Map<String, String>> tooLarge(TooLargeException e, HttpServletRequest request) {
    return error(request, HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<Map<String, String>> notFound(NotFoundException e, HttpServletRequest request) {
    return error(request, HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(NotReadyException.class)
  ResponseEntity<Map<String, String>> notReady(NotReadyException e, HttpServletRequest request) {
    return error(request, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
  }

  @ExceptionHandler(UnsupportedException.class)
  ResponseEntity<Map<String, String>> unsupported(
      UnsupportedException e, HttpServletRequest request) {
    return error(request, HttpStatus.NOT_IMPLEMENTED, e.getMessage());
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<Map<String, String>> failed(RuntimeException e, HttpServletRequest request) {
    return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "inference failed: " + e.getMessage());
  }

  private ResponseEntity<Map<String, String>> error(
      HttpServletRequest request, HttpStatus status, String message) {
    metrics.failed(model(request), status.value());
    return ResponseEntity.status(status).body(Map.of("error", message));
  }

  /** The model the request's path names, if it names one. */
  private static String model(HttpServletRequest request) {
    return request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE)
            instanceof Map<?, ?> variables
        ? (String) variables.get("model")
        : null;
  }
}
