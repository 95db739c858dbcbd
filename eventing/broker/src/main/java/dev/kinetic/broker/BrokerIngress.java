package dev.kinetic.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.OversizeEventException;
import dev.kinetic.contracts.Violation;
import dev.kinetic.contracts.codec.HttpCodec;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
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
 */
public final class BrokerIngress implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(BrokerIngress.class);

  /** How much of an oversize body is read and discarded before answering 413. */
  private static final long DRAIN_BYTES = 16L * 1024 * 1024;

  /** Room for the attributes around {@code data} in a structured event. */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  private final Map<String, Broker> brokers = new LinkedHashMap<>();

  public BrokerIngress(List<Broker> brokers) {
    brokers.forEach(broker -> this.brokers.put(broker.path(), broker));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Broker broker =
          brokers.get(
              path.endsWith("/") && path.length() > 1
                  ? path.substring(0, path.length() - 1)
                  : path);
      if (broker == null) {
        respond(
            exchange,
            404,
            error("no broker at " + path + "; brokers here: " + brokers.keySet(), List.of()));
        return;
      }
      switch (exchange.getRequestMethod()) {
        case "POST" -> accept(exchange, broker);
        case "OPTIONS" -> {
          exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
          exchange.sendResponseHeaders(200, -1);
        }
        default -> {
          exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
          respond(
              exchange,
              405,
              error(exchange.getRequestMethod() + " is not allowed; POST a CloudEvent", List.of()));
        }
      }
    } catch (RuntimeException e) {
      log.error("ingress failed", e);
    }
  }

  private void accept(HttpExchange exchange, Broker broker) throws IOException {
    long limit = (long) broker.maxDataBytes() + ENVELOPE_BYTES;
    byte[] body = readAtMost(exchange, limit);
    if (body == null) {
      respond(
          exchange,
          413,
          error(
              "the request is larger than the " + limit + " bytes this broker accepts", List.of()));
      return;
    }
    try {
      CloudEvent event = HttpCodec.decodeMultimap(exchange.getRequestHeaders(), body);
      broker.publish(event);
      exchange.sendResponseHeaders(202, -1);
    } catch (OversizeEventException e) {
      respond(exchange, 413, error(e.getMessage(), e.violations()));
    } catch (InvalidEventException e) {
      respond(exchange, 400, error(e.getMessage(), e.violations()));
    } catch (LogFullException e) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      respond(exchange, 429, error(e.getMessage(), List.of()));
    } catch (IllegalStateException e) {
      respond(
          exchange, 503, error("the broker cannot store events now: " + e.getMessage(), List.of()));
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

  private static byte[] error(String message, List<Violation> violations) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    if (!violations.isEmpty()) {
      body.put("violations", violations);
    }
    return Json.MAPPER.writeValueAsBytes(body);
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
