package dev.kinetic.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.OversizeEventException;
import dev.kinetic.contracts.Violation;
import dev.kinetic.contracts.codec.HttpCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker ingress over HTTP: {@code POST /<namespace>/<broker>} with a binary or structured
 * CloudEvent. Answers 202 when accepted; 400 naming the attribute or field at fault; 404 for an
 * unknown broker; 405 for other methods; 413 when the event is larger than the broker accepts; 429
 * with {@code Retry-After} when the broker is full. (Knative's Kafka broker answers 503 for an
 * oversize event; 413 says what happened, and is what a client can act on.)
 *
 * <p>The answers do not depend on the server: {@link BrokerServer} serves them on Netty, and this
 * class is also a JDK {@link HttpHandler}, for the local runtime's gateway.
 */
public final class BrokerIngress implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(BrokerIngress.class);

  /** How much of an oversize body is read and discarded before answering 413. */
  static final long DRAIN_BYTES = 16L * 1024 * 1024;

  /** Room for the attributes around {@code data} in a structured event. */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  private static final Map<String, String> ALLOW = Map.of("Allow", "POST, OPTIONS");
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  /** What ingress answers: a status, headers, and a body (empty for none). */
  public record Answer(int status, Map<String, String> headers, byte[] body) {
    static final Answer ACCEPTED = new Answer(202, Map.of(), new byte[0]);

    static Answer error(int status, String message, List<Violation> violations) {
      return error(status, Map.of(), message, violations);
    }

    static Answer error(
        int status, Map<String, String> headers, String message, List<Violation> violations) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", message);
      if (!violations.isEmpty()) {
        body.put("violations", violations);
      }
      Map<String, String> all = new LinkedHashMap<>(JSON);
      all.putAll(headers);
      return new Answer(status, all, Json.MAPPER.writeValueAsBytes(body));
    }
  }

  private final Map<String, Broker> brokers = new LinkedHashMap<>();

  public BrokerIngress(List<Broker> brokers) {
    brokers.forEach(broker -> this.brokers.put(broker.path(), broker));
  }

  /** The broker that {@code path} names, or null. */
  public Broker brokerAt(String path) {
    return brokers.get(
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path);
  }

  /**
   * The answer that needs no body: 404 for an unknown broker, 405 for a method other than POST, the
   * allowed methods for OPTIONS; null for a POST to a broker here, which {@link #accept} answers.
   */
  public Answer route(String method, String path) {
    if (brokerAt(path) == null) {
      return Answer.error(
          404, "no broker at " + path + "; brokers here: " + brokers.keySet(), List.of());
    }
    return switch (method) {
      case "POST" -> null;
      case "OPTIONS" -> new Answer(200, ALLOW, new byte[0]);
      default -> Answer.error(405, ALLOW, method + " is not allowed; POST a CloudEvent", List.of());
    };
  }

  /** The longest request body {@code broker} takes: its data limit and room for attributes. */
  public static long bodyLimit(Broker broker) {
    return (long) broker.maxDataBytes() + ENVELOPE_BYTES;
  }

  /** 413 for a body longer than {@link #bodyLimit}. */
  public static Answer tooLarge(Broker broker) {
    return Answer.error(
        413,
        "the request is larger than the " + bodyLimit(broker) + " bytes this broker accepts",
        List.of());
  }

  /**
   * Decodes and publishes the event a POST carries.
   *
   * @param headers the request's headers, one value each, names in any case
   * @param body the request's body, at most {@link #bodyLimit} bytes
   */
  public Answer accept(Broker broker, Map<String, String> headers, byte[] body) {
    try {
      broker.publish(HttpCodec.decode(headers, body));
      return Answer.ACCEPTED;
    } catch (OversizeEventException e) {
      return Answer.error(413, e.getMessage(), e.violations());
    } catch (InvalidEventException e) {
      return Answer.error(400, e.getMessage(), e.violations());
    } catch (LogFullException e) {
      return Answer.error(429, Map.of("Retry-After", "1"), e.getMessage(), List.of());
    } catch (IllegalStateException e) {
      return Answer.error(503, "the broker cannot store events now: " + e.getMessage(), List.of());
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Answer routed = route(exchange.getRequestMethod(), path);
      if (routed != null) {
        respond(exchange, routed);
        return;
      }
      Broker broker = brokerAt(path);
      byte[] body = readAtMost(exchange, bodyLimit(broker));
      if (body == null) {
        respond(exchange, tooLarge(broker));
        return;
      }
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
      respond(exchange, accept(broker, headers, body));
    } catch (RuntimeException e) {
      log.error("ingress failed", e);
    }
  }

  /**
   * The body, or null if it is longer than {@code limit}. An oversize body is still read and
   * discarded up to {@link #DRAIN_BYTES}, so that the client, which is still sending, can read the
   * 413 instead of finding its connection reset; past that the connection is closed.
   */
  private static byte[] readAtMost(HttpExchange exchange, long limit) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    try (InputStream in = exchange.getRequestBody()) {
      if (length != null && Long.parseLong(length.trim()) > limit) {
        drain(exchange, in, Long.parseLong(length.trim()));
        return null;
      }
      byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
      if (body.length > limit) {
        drain(exchange, in, -1);
        return null;
      }
      return body;
    }
  }

  /** Reads and discards the rest of the body, or marks the connection to close if too long. */
  private static void drain(HttpExchange exchange, InputStream in, long announced)
      throws IOException {
    long read = 0;
    if (announced <= DRAIN_BYTES) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; read <= DRAIN_BYTES && (n = in.read(buffer)) != -1; ) {
        read += n;
      }
    }
    if (announced > DRAIN_BYTES || read > DRAIN_BYTES) {
      exchange.getResponseHeaders().set("Connection", "close");
    }
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(
        answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
    if (answer.body().length > 0) {
      exchange.getResponseBody().write(answer.body());
    }
  }
}
