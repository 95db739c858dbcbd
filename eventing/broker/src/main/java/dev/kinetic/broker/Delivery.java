package dev.kinetic.broker;

import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Delivers one event to one subscriber with Knative's rules: binary mode with {@code Prefer:
 * reply}; retry on 404, 408, 409, 429, 5xx and network errors, with the delivery's backoff; other
 * 4xx and 3xx go to the dead-letter sink at once; a 2xx with a CloudEvent is a reply, published
 * back into the broker; a 2xx with another body is a failure.
 *
 * <p>Deliveries hold no thread while they wait: requests and answers run on Netty's event loops,
 * backoffs on a timer, and only replies, whose publication may wait for a durable log, on virtual
 * threads. A thread per delivery cost twice the CPU of the HTTP exchange itself.
 */
final class Delivery implements AutoCloseable {

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

  /** A subscriber's answer. */
  private record Response(int status, HttpHeaders headers, byte[] body) {}

  private static final byte[] NO_BODY = new byte[0];

  /** The broker is stopping: the event is neither delivered nor given up. */
  private static final Failure ABANDONED = new Failure(false, null, NO_BODY, "abandoned");

  private final HttpClient http;
  private final BrokerMetrics metrics;
  private final Replies replies;
  private final Supplier<String> credentials;
  private final ScheduledExecutorService backoffs =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("kinetic-delivery-backoff").daemon().factory());
  private final ExecutorService replying = Executors.newVirtualThreadPerTaskExecutor();
  private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  Delivery(HttpClient http, BrokerMetrics metrics, Replies replies, Supplier<String> credentials) {
    this.http = http;
    this.metrics = metrics;
    this.replies = replies;
    this.credentials = credentials;
  }

  /** Delivers, retries and dead-letters; completes when the event is done with. */
  CompletableFuture<Void> deliver(Trigger trigger, DeliverySpec spec, CloudEvent event) {
    return attempts(trigger, spec, trigger.subscriber(), event, true)
        .thenCompose(
            failure -> {
              if (failure == null) {
                metrics.delivered(trigger.name(), sinceArrival(event));
                return CompletableFuture.completedFuture(null);
              }
              if (failure == ABANDONED || closed) {
                // A durable log hands the event over again after the restart; the in-memory log
                // loses it with the process anyway.
                log.debug(
                    "trigger {}: delivery of {} abandoned: the broker is stopping",
                    trigger.name(),
                    event.getId());
                return CompletableFuture.completedFuture(null);
              }
              return giveUp(trigger, spec, event, failure);
            });
  }

  private CompletableFuture<Void> giveUp(
      Trigger trigger, DeliverySpec spec, CloudEvent event, Failure failure) {
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
      return CompletableFuture.completedFuture(null);
    }
    CloudEvent deadLetter = withErrorExtensions(event, trigger.subscriber(), failure);
    return attempts(trigger, spec, spec.deadLetterSink(), deadLetter, false)
        .thenAccept(
            deadLetterFailure -> {
              if (deadLetterFailure == null) {
                metrics.deadLettered(trigger.name());
              } else if (deadLetterFailure != ABANDONED) {
                metrics.dropped(trigger.name(), "dead-letter sink failed");
                log.error(
                    "trigger {}: event {} dropped: dead-letter sink {} failed: {}",
                    trigger.name(),
                    event.getId(),
                    spec.deadLetterSink(),
                    deadLetterFailure.reason());
              }
            });
  }

  /**
   * One event to one destination: the subscriber, whose 2xx may carry a reply, or a dead-letter
   * sink. {@code message} is {@code event} encoded once for all attempts.
   */
  private record Destination(
      Trigger trigger,
      DeliverySpec spec,
      URI uri,
      CloudEvent event,
      HttpMessage message,
      boolean acceptReplies) {}

  /** The first try and every retry; completes with null on success, else the last failure. */
  private CompletableFuture<Failure> attempts(
      Trigger trigger, DeliverySpec spec, URI target, CloudEvent event, boolean acceptReplies) {
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    return attempt(new Destination(trigger, spec, target, event, message, acceptReplies), 0);
  }

  private CompletableFuture<Failure> attempt(Destination to, int retry) {
    if (closed) {
      return CompletableFuture.completedFuture(ABANDONED);
    }
    return send(to, true)
        .thenCompose(
            failure -> {
              if (failure == null || !failure.retryable() || retry >= to.spec().retry()) {
                return CompletableFuture.completedFuture(failure);
              }
              if (closed) {
                return CompletableFuture.completedFuture(ABANDONED);
              }
              metrics.retried(to.trigger().name());
              return after(to.spec().backoff(retry + 1))
                  .thenCompose(
                      waited ->
                          closed
                              ? CompletableFuture.completedFuture(ABANDONED)
                              : attempt(to, retry + 1));
            });
  }

  /** Completes after {@code delay}, or at once when the broker is stopping. */
  private CompletableFuture<Void> after(Duration delay) {
    CompletableFuture<Void> waited = new CompletableFuture<>();
    waiting.add(waited);
    waited.whenComplete((done, failure) -> waiting.remove(waited));
    try {
      backoffs.schedule(() -> waited.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      waited.complete(null);
    }
    return waited;
  }

  /**
   * One attempt. A pooled keep-alive connection that the subscriber closed meanwhile is not the
   * subscriber failing: such a request is sent once more at once, on a fresh connection, without
   * spending the delivery's retries (seen under load with JDK HTTP servers as subscribers).
   * Timeouts are not sent again here.
   */
  private CompletableFuture<Failure> send(Destination to, boolean mayResend) {
    String token = credentials.get();
    return http.post()
        .uri(to.uri())
        .send(
            (request, out) -> {
              to.message().headers().forEach(request::header);
              request.header("Prefer", "reply");
              if (token != null) {
                request.header("Authorization", "Bearer " + token);
              }
              return out.sendByteArray(Mono.just(to.message().body()));
            })
        .responseSingle(
            (head, body) ->
                body.asByteArray()
                    .defaultIfEmpty(NO_BODY)
                    .map(
                        bytes -> new Response(head.status().code(), head.responseHeaders(), bytes)))
        .timeout(to.spec().timeout())
        .toFuture()
        .handle(
            (response, error) -> {
              if (error != null) {
                Throwable cause = unwrap(error);
                if (mayResend && cause instanceof PrematureCloseException && !closed) {
                  return send(to, false);
                }
                return CompletableFuture.completedFuture(networkFailure(to.spec(), cause));
              }
              return answered(to, response);
            })
        .thenCompose(failure -> failure);
  }

  private CompletableFuture<Failure> answered(Destination to, Response response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      if (!to.acceptReplies() || !carriesEvent(response)) {
        return CompletableFuture.completedFuture(null);
      }
      // publishing may wait for a durable log: not on an event loop
      try {
        return CompletableFuture.supplyAsync(
            () -> handleReply(to.trigger(), to.event(), response), replying);
      } catch (RejectedExecutionException stopping) {
        return CompletableFuture.completedFuture(ABANDONED);
      }
    }
    boolean retryable = status >= 500 || RETRYABLE.contains(status);
    return CompletableFuture.completedFuture(
        new Failure(retryable, status, response.body(), "HTTP " + status));
  }

  private static Failure networkFailure(DeliverySpec spec, Throwable cause) {
    String reason =
        cause instanceof TimeoutException
            ? "no answer within " + spec.timeout()
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return new Failure(true, null, NO_BODY, reason);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** One value per header, as the CloudEvents reader takes them. */
  private static Map<String, String> firstValues(HttpHeaders headers) {
    Map<String, String> first = new HashMap<>();
    headers.forEach(h -> first.putIfAbsent(h.getKey(), h.getValue()));
    return first;
  }

  private static boolean carriesEvent(Response response) {
    return response.body().length > 0 || response.headers().contains("ce-specversion");
  }

  /**
   * Abandons what is not delivered yet: attempts not started are not made, and deliveries waiting
   * out a backoff end at once. Call it after the log stopped handing events over, so that a durable
   * log does not commit abandoned ones.
   */
  @Override
  public void close() {
    closed = true;
    backoffs.shutdownNow();
    waiting.forEach(waited -> waited.complete(null));
    replying.shutdown();
  }

  private Failure handleReply(Trigger trigger, CloudEvent event, Response response) {
    CloudEvent reply;
    try {
      reply = HttpCodec.decode(firstValues(response.headers()), response.body());
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
}
