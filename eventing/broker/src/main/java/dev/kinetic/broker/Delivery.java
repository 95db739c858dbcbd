package dev.kinetic.broker;

import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one event to one subscriber with Knative's rules: binary mode with {@code Prefer:
 * reply}; retry on 404, 408, 409, 429, 5xx and network errors, with the delivery's backoff; other
 * 4xx and 3xx go to the dead-letter sink at once; a 2xx with a CloudEvent is a reply, published
 * back into the broker; a 2xx with another body is a failure.
 */
final class Delivery {

  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final Set<Integer> RETRYABLE = Set.of(404, 408, 409, 429);
  private static final int ERROR_DATA_LIMIT = 1024;
  static final String ERROR_DEST = "knativeerrordest";
  static final String ERROR_CODE = "knativeerrorcode";
  static final String ERROR_DATA = "knativeerrordata";

  /** Where replies go: the broker, which validates them and applies the TTL guard. */
  interface Replies {
    void publishReply(CloudEvent reply, CloudEvent cause, Trigger trigger);
  }

  private record Failure(boolean retryable, Integer code, byte[] body, String reason) {}

  private static final Failure INTERRUPTED = new Failure(false, null, new byte[0], "interrupted");

  private final HttpClient http;
  private final BrokerMetrics metrics;
  private final Replies replies;
  private final Supplier<String> credentials;

  Delivery(HttpClient http, BrokerMetrics metrics, Replies replies, Supplier<String> credentials) {
    this.http = http;
    this.metrics = metrics;
    this.replies = replies;
    this.credentials = credentials;
  }

  /** Delivers, retries and dead-letters; returns when the event is done with. */
  void deliver(Trigger trigger, DeliverySpec spec, CloudEvent event) {
    Failure failure = attempt(trigger, spec, trigger.subscriber(), event, true);
    if (failure == null) {
      metrics.delivered(trigger.name(), sinceArrival(event));
      return;
    }
    if (failure == INTERRUPTED) {
      // The broker is stopping: the event is neither delivered nor given up. A durable log hands
      // it over again after the restart; the in-memory log loses it with the process anyway.
      log.debug(
          "trigger {}: delivery of {} abandoned: the broker is stopping",
          trigger.name(),
          event.getId());
      return;
    }
    log.warn(
        "trigger {}: {} to {} failed: {}",
        trigger.name(),
        event.getId(),
        trigger.subscriber(),
        failure.reason());
    if (spec.deadLetterSink() == null) {
      metrics.dropped(trigger.name(), "no dead-letter sink");
      log.error(
          "trigger {}: event {} ({}) dropped: delivery failed and there is no dead-letter sink",
          trigger.name(),
          event.getId(),
          event.getType());
      return;
    }
    CloudEvent deadLetter = withErrorExtensions(event, trigger.subscriber(), failure);
    Failure deadLetterFailure = attempt(trigger, spec, spec.deadLetterSink(), deadLetter, false);
    if (deadLetterFailure == null) {
      metrics.deadLettered(trigger.name());
    } else if (deadLetterFailure != INTERRUPTED) {
      metrics.dropped(trigger.name(), "dead-letter sink failed");
      log.error(
          "trigger {}: event {} dropped: dead-letter sink {} failed: {}",
          trigger.name(),
          event.getId(),
          spec.deadLetterSink(),
          deadLetterFailure.reason());
    }
  }

  /** Tries the first time and every retry; null on success, else the last failure. */
  private Failure attempt(
      Trigger trigger, DeliverySpec spec, URI target, CloudEvent event, boolean acceptReplies) {
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    Failure failure = null;
    for (int n = 0; n <= spec.retry(); n++) {
      if (n > 0) {
        metrics.retried(trigger.name());
        if (!sleep(spec.backoff(n))) {
          return INTERRUPTED;
        }
      }
      failure = send(trigger, spec, target, event, message, acceptReplies);
      if (failure == null || !failure.retryable()) {
        return failure;
      }
    }
    return failure;
  }

  /** One attempt; {@code message} is {@code event} encoded once for all attempts. */
  private Failure send(
      Trigger trigger,
      DeliverySpec spec,
      URI target,
      CloudEvent event,
      HttpMessage message,
      boolean acceptReplies) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(spec.timeout())
            .header("Prefer", "reply")
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    String token = credentials.get();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response;
    try {
      response = sendOnFreshConnectionIfStale(request.build());
    } catch (IOException e) {
      return new Failure(
          true, null, new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return acceptReplies ? handleReply(trigger, event, response) : null;
    }
    boolean retryable = status >= 500 || RETRYABLE.contains(status);
    return new Failure(retryable, status, response.body(), "HTTP " + status);
  }

  /**
   * Sends, and sends once more at once if the connection failed before any answer: a pooled
   * keep-alive connection that the subscriber closed meanwhile is not the subscriber failing, and
   * must not spend the delivery's retries (seen under load with JDK HTTP servers as subscribers).
   * Timeouts are not sent again here.
   */
  private HttpResponse<byte[]> sendOnFreshConnectionIfStale(HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException timeout) {
      throw timeout;
    } catch (IOException stale) {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  private Failure handleReply(Trigger trigger, CloudEvent event, HttpResponse<byte[]> response) {
    boolean hasEvent =
        response.headers().firstValue("ce-specversion").isPresent() || response.body().length > 0;
    if (!hasEvent) {
      return null;
    }
    CloudEvent reply;
    try {
      reply = HttpCodec.decodeMultimap(response.headers().map(), response.body());
    } catch (InvalidEventException e) {
      // Knative's brokers count a body that is not a CloudEvent as a failed delivery, and retry.
      return new Failure(
          true, 502, response.body(), "the reply is not a CloudEvent: " + e.getMessage());
    }
    try {
      replies.publishReply(reply, event, trigger);
      return null;
    } catch (InvalidEventException e) {
      return new Failure(
          false,
          502,
          e.getMessage().getBytes(StandardCharsets.UTF_8),
          "the reply is invalid: " + e.getMessage());
    } catch (LogFullException e) {
      return new Failure(true, 429, new byte[0], "the broker is full: " + e.getMessage());
    }
  }

  private static CloudEvent withErrorExtensions(
      CloudEvent event, URI destination, Failure failure) {
    CloudEventBuilder builder =
        CloudEventBuilder.from(event).withExtension(ERROR_DEST, destination.toString());
    if (failure.code() != null) {
      builder.withExtension(ERROR_CODE, failure.code().toString());
      byte[] data =
          Arrays.copyOf(failure.body(), Math.min(failure.body().length, ERROR_DATA_LIMIT));
      builder.withExtension(ERROR_DATA, Base64.getEncoder().encodeToString(data));
    }
    return builder.build();
  }

  private static Duration sinceArrival(CloudEvent event) {
    Object arrival = event.getExtension(Broker.ARRIVAL_TIME);
    if (arrival == null) {
      return Duration.ZERO;
    }
    Instant arrived =
        arrival instanceof OffsetDateTime time
            ? time.toInstant()
            : OffsetDateTime.parse(arrival.toString()).toInstant();
    return Duration.between(arrived, Instant.now());
  }

  private static boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
