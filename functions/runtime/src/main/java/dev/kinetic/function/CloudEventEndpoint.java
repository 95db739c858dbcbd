package dev.kinetic.function;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.OversizeEventException;
import dev.kinetic.contracts.Violation;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.telemetry.EventTelemetry;
import io.cloudevents.CloudEvent;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The function's address, {@code POST /}: a CloudEvent in binary or structured mode in; the reply
 * event in the same mode out (200), or 202 with no event. Errors follow what a Knative broker does
 * with them: 400 for an invalid event, 413 for an oversize one and 422 for a payload that cannot be
 * processed are dead-lettered at once; 500 is retried.
 *
 * <p>The reply is built here from the function's result only; request headers are never copied into
 * the response, so the broker cannot mistake an echo of the input for a reply.
 */
@RestController
public class CloudEventEndpoint {

  private static final Logger log = LoggerFactory.getLogger(CloudEventEndpoint.class);

  private final EventFunction function;
  private final java.util.function.Function<CloudEvent, CloudEvent> invocable;
  private final EventValidator validator;
  private final EventTelemetry telemetry;

  public CloudEventEndpoint(
      EventFunction function,
      FunctionCatalog catalog,
      EventValidator validator,
      EventTelemetry telemetry) {
    this.function = function;
    this.invocable = invocable(function, catalog);
    this.validator = validator;
    this.telemetry = telemetry;
  }

  /** The function as Spring Cloud Function's catalog has registered it. */
  private static java.util.function.Function<CloudEvent, CloudEvent> invocable(
      EventFunction function, FunctionCatalog catalog) {
    for (String name : catalog.getNames(java.util.function.Function.class)) {
      Object candidate = catalog.lookup(java.util.function.Function.class, name);
      if (candidate
              instanceof
              org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry
                      .FunctionInvocationWrapper
                  wrapper
          && wrapper.getTarget() == function) {
        return event -> (CloudEvent) wrapper.apply(event);
      }
    }
    return function;
  }

  @GetMapping("/healthz")
  public ResponseEntity<Map<String, Object>> health() {
    return ResponseEntity.ok(
        Map.of(
            "status",
            "UP",
            "accepts",
            function.accepts().stream().map(EventType::type).sorted().toList()));
  }

  @PostMapping("/")
  public ResponseEntity<byte[]> receive(HttpServletRequest request) throws IOException {
    Map<String, String> headers = headers(request);
    byte[] body = readLimited(request);
    if (body == null) {
      return refuse(
          HttpStatus.CONTENT_TOO_LARGE,
          "event too large",
          List.of(
              new Violation(
                  "data", "is larger than the limit of " + validator.maxDataBytes() + " bytes")));
    }
    CloudEvent event;
    EventType type;
    try {
      event = HttpCodec.decode(headers, body);
      type = validator.validate(event);
    } catch (OversizeEventException oversize) {
      return refuse(HttpStatus.CONTENT_TOO_LARGE, "event too large", oversize.violations());
    } catch (InvalidEventException invalid) {
      return refuse(HttpStatus.BAD_REQUEST, "invalid event", invalid.violations());
    }
    if (!function.accepts().contains(type)) {
      return refuse(
          HttpStatus.BAD_REQUEST,
          "event type not handled here",
          List.of(
              new Violation(
                  "type",
                  type.type()
                      + " is not one of "
                      + function.accepts().stream()
                          .map(EventType::type)
                          .sorted()
                          .collect(Collectors.joining(", ")))));
    }
    CloudEvent reply;
    try {
      reply = telemetry.process(event, invocable::apply);
    } catch (UnprocessableException unprocessable) {
      log.info("refused {} {}: {}", event.getType(), event.getId(), unprocessable.getMessage());
      return refuse(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "payload cannot be processed",
          unprocessable.violations().stream()
              .map(v -> new Violation("data." + v.location(), v.reason()))
              .toList());
    } catch (InvalidEventException invalid) {
      return refuse(HttpStatus.BAD_REQUEST, "invalid event", invalid.violations());
    } catch (RuntimeException failure) {
      log.error("processing {} {} failed", event.getType(), event.getId(), failure);
      return refuse(
          HttpStatus.INTERNAL_SERVER_ERROR,
          "processing failed",
          List.of(new Violation("data", String.valueOf(failure.getMessage()))));
    }
    if (reply == null) {
      return ResponseEntity.accepted().build();
    }
    HttpMessage message = HttpCodec.encode(reply, modeOf(headers));
    HttpHeaders responseHeaders = new HttpHeaders();
    message.headers().forEach(responseHeaders::set);
    return new ResponseEntity<>(message.body(), responseHeaders, HttpStatus.OK);
  }

  private static HttpCodec.Mode modeOf(Map<String, String> headers) {
    String contentType = headers.getOrDefault(HttpCodec.CONTENT_TYPE, "");
    return contentType.startsWith("application/cloudevents+json")
        ? HttpCodec.Mode.STRUCTURED
        : HttpCodec.Mode.BINARY;
  }

  /** The body, or {@code null} if it is larger than an event with the largest allowed data. */
  private byte[] readLimited(HttpServletRequest request) throws IOException {
    int limit = validator.maxDataBytes() + 64 * 1024;
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(limit + 1);
      return body.length > limit ? null : body;
    }
  }

  private static Map<String, String> headers(HttpServletRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
    }
    return headers;
  }

  private static ResponseEntity<byte[]> refuse(
      HttpStatus status, String error, List<Violation> violations) {
    byte[] body =
        dev.kinetic.contracts.Json.MAPPER.writeValueAsBytes(
            new ErrorBody(status.value(), error, violations));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
