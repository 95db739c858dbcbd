package dev.kinetic.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an AOT training run serves and is asked: a throwaway token issuer on loopback (its key set
 * at {@link #jwksUri}), and a workload of the requests every function answers without a store:
 * health, a refusal without a token, authenticated requests for things that do not exist, and an
 * event of a type the function does not take. Each is repeated, so their profiles are kept too.
 */
final class AotTraining implements AutoCloseable {

  private static final int ROUNDS = 50;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final DevIssuer issuer;
  private final HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private AotTraining(DevIssuer issuer, HttpServer server) {
    this.issuer = issuer;
    this.server = server;
  }

  static AotTraining start(Path folder) throws IOException {
    DevIssuer issuer = DevIssuer.open(folder);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jwks = issuer.jwks().getBytes(StandardCharsets.UTF_8);
    server.createContext(
        DevIssuer.JWKS_PATH,
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
          }
        });
    server.start();
    return new AotTraining(issuer, server);
  }

  URI jwksUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + DevIssuer.JWKS_PATH);
  }

  /** Waits for {@code function} at {@code base} to be up, then sends it the workload. */
  void exercise(URI base, Process function) throws IOException, InterruptedException {
    awaitHealthy(base, function);
    String token =
        issuer.token("aot-training", Duration.ofMinutes(10), List.of("predict", "admin", "events"));
    String instances = "{\"instances\":[{\"amount\":1.5,\"country\":\"DE\"}]}";
    for (int round = 0; round < ROUNDS; round++) {
      send(HttpRequest.newBuilder(base.resolve("healthz")).GET());
      send(HttpRequest.newBuilder(base.resolve("aot-training")).GET());
      send(
          HttpRequest.newBuilder(base.resolve("aot-training"))
              .header("Authorization", "Bearer " + token)
              .GET());
      send(
          HttpRequest.newBuilder(base.resolve("predict/aot-training"))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(instances)));
      send(
          HttpRequest.newBuilder(base)
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", "application/json")
              .header("ce-specversion", "1.0")
              .header("ce-id", "aot-training-" + round)
              .header("ce-source", "/kinetic/aot-training")
              .header("ce-type", "dev.kinetic.aot.training.v1")
              .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }
  }

  private void awaitHealthy(URI base, Process function) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!function.isAlive()) {
        throw new IllegalStateException(
            "the function exited with " + function.exitValue() + " during its AOT training run");
      }
      try {
        if (send(HttpRequest.newBuilder(base.resolve("healthz")).GET()) == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the port opens part-way through the start
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the function did not start within " + START_TIMEOUT);
  }

  private int send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(
            request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Override
  public void close() {
    server.stop(0);
    http.close();
  }
}
