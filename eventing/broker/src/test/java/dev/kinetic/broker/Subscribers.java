package dev.kinetic.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * Real HTTP subscribers on loopback for broker tests: each path records what it receives and
 * answers as its behaviour says (by default 202 with no body).
 */
final class Subscribers implements AutoCloseable {

  /** What a subscriber answers: a status, and optionally a reply event or a raw body. */
  record Answer(int status, CloudEvent reply, byte[] body) {
    static Answer accepted() {
      return new Answer(202, null, new byte[0]);
    }

    static Answer status(int status, String body) {
      return new Answer(status, null, body.getBytes(StandardCharsets.UTF_8));
    }

    static Answer reply(CloudEvent reply) {
      return new Answer(200, reply, null);
    }
  }

  /** One delivery as received. */
  record Received(CloudEvent event, long nanoTime, Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
  private final Map<String, BiFunction<CloudEvent, Integer, Answer>> behaviours =
      new ConcurrentHashMap<>();

  Subscribers() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Sleeps, for a subscriber that takes its time; an interrupt ends the pause early. */
  static void pause(java.time.Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  /** Sets how {@code path} answers; the function gets the event and its 1-based arrival count. */
  void answer(String path, BiFunction<CloudEvent, Integer, Answer> behaviour) {
    behaviours.put(path, behaviour);
  }

  List<Received> at(String path) {
    return received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
  }

  List<String> idsAt(String path) {
    return at(path).stream().map(r -> r.event().getId()).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(1);
      CloudEvent event =
          HttpCodec.decodeMultimap(
              exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
      List<Received> log = at(path);
      log.add(new Received(event, System.nanoTime(), Map.copyOf(exchange.getRequestHeaders())));
      Answer answer =
          behaviours.getOrDefault(path, (e, n) -> Answer.accepted()).apply(event, log.size());
      if (answer.reply() != null) {
        HttpMessage reply = HttpCodec.encode(answer.reply(), HttpCodec.Mode.BINARY);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(
            answer.status(), reply.body().length == 0 ? -1 : reply.body().length);
        exchange.getResponseBody().write(reply.body());
      } else {
        exchange.sendResponseHeaders(
            answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
