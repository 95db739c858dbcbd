package dev.kinetic.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kinetic.broker.BrokerIngress;
import dev.kinetic.contracts.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one port of the local runtime, in the part of Knative's ingress and activator: {@code
 * /<namespace>/<broker>} is broker ingress; {@code /functions/<name>/...} reaches that function,
 * starting it first if it is at zero; {@code /.well-known/jwks.json} is the dev issuer's public key
 * set; {@code /_kinetic/...} serves the CLI.
 */
final class Gateway implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Gateway.class);

  /** Headers that belong to one hop, or that the JDK client sets itself. */
  private static final Set<String> HOP_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "host",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "date");

  private final HttpServer server;
  private final Map<String, LocalService> services;
  private final HttpClient http =
      HttpClient.newBuilder()
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /**
   * @throws IllegalStateException naming the port if it is in use
   */
  Gateway(int port, Map<String, LocalService> services, Control control) {
    this.services = services;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (BindException e) {
      throw new IllegalStateException(
          "port " + port + " is in use: stop what uses it, or pass --port with another port");
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/functions/", this::proxy);
    server.createContext(
        "/_kinetic/status", exchange -> json(exchange, 200, control.status().get()));
    server.createContext("/_kinetic/events", control.events()::follow);
    server.createContext(
        DevIssuer.JWKS_PATH,
        exchange -> {
          try (exchange) {
            byte[] jwks = control.jwks().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
          }
        });
    server.createContext(
        "/_kinetic/shutdown",
        exchange -> {
          json(exchange, 202, Map.of("stopping", true));
          Thread.ofVirtual().start(control.shutdown());
        });
  }

  /** What the gateway serves beside brokers and functions. */
  record Control(Supplier<Object> status, EventStream events, Runnable shutdown, String jwks) {}

  /** Serves broker ingress on every path not taken; call before {@link #start}. */
  void mount(BrokerIngress ingress) {
    server.createContext("/", ingress);
  }

  void start() {
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Where {@code service} is reached through the gateway. */
  URI functionUri(String service) {
    return uri().resolve("/functions/" + service + "/");
  }

  private void proxy(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring("/functions/".length());
      int slash = path.indexOf('/');
      String name = slash < 0 ? path : path.substring(0, slash);
      String rest = slash < 0 ? "" : path.substring(slash + 1);
      LocalService service = services.get(name);
      if (service == null) {
        json(
            exchange,
            404,
            Map.of("error", "no function '" + name + "'; functions here: " + services.keySet()));
        return;
      }
      URI base;
      try {
        base = service.begin();
      } catch (FunctionUnavailableException e) {
        json(exchange, 503, Map.of("error", e.getMessage()));
        return;
      }
      try {
        forward(exchange, service, base, rest);
      } finally {
        service.done();
      }
    }
  }

  private void forward(HttpExchange exchange, LocalService service, URI base, String rest)
      throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    URI target = base.resolve(rest + (query == null ? "" : "?" + query));
    byte[] body = exchange.getRequestBody().readAllBytes();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // Rare, and its cause is on the function's side: what it logged is worth having here.
      log.warn(
          "function {} did not answer {} {}: {}; the end of its log:\n{}",
          service.name(),
          exchange.getRequestMethod(),
          target.getRawPath(),
          e.getMessage(),
          service.logTail());
      json(exchange, 502, Map.of("error", "the function did not answer: " + e.getMessage()));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      json(exchange, 503, Map.of("error", "interrupted"));
      return;
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
    byte[] answer = response.body();
    exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  static void json(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
    log.debug("gateway stopped");
  }
}
