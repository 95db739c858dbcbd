package dev.kinetic.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.local.LocalRuntime;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/** The local runtime on the repository's base manifests and built function jars, for ITs. */
final class BaseRuntime implements AutoCloseable {

  /** The checkout: its base manifests and the function jars the build made. */
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  private final LocalRuntime runtime;
  private final String adminToken;
  private final HttpClient http = HttpClient.newHttpClient();

  private BaseRuntime(LocalRuntime runtime) {
    this.runtime = runtime;
    this.adminToken = runtime.token("admin");
  }

  /** Starts on the in-memory broker with a clean {@code state}. */
  static BaseRuntime start(Path state) {
    return new BaseRuntime(
        LocalRuntime.start(
            new LocalRuntime.Options(
                BaseRuntime.REPOSITORY,
                BaseRuntime.REPOSITORY.resolve("knative/manifests/base"),
                state,
                0,
                null,
                true)));
  }

  LocalRuntime runtime() {
    return runtime;
  }

  /** Publishes {@code event} to the broker in binary mode; it must be accepted. */
  void send(CloudEvent event) throws IOException, InterruptedException {
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(runtime.brokerUris().getFirst())
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode())
        .isEqualTo(202);
  }

  /**
   * GET on the gateway as an operator (scope admin): the JSON of a 200, else {@code null}; a
   * refused token fails at once rather than looking like an answer not there yet.
   */
  JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(runtime.gatewayUri().resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isNotIn(401, 403);
    return response.statusCode() == 200 ? Json.MAPPER.readTree(response.body()) : null;
  }

  @Override
  public void close() {
    runtime.close();
  }
}
