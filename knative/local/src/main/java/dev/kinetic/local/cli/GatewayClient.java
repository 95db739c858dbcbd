package dev.kinetic.local.cli;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.local.LocalRuntime;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * Finds the running gateway (from {@code --gateway} or the state's runtime.json) and talks to it.
 */
final class GatewayClient {

  private final URI gateway;
  private final HttpClient http = HttpClient.newHttpClient();

  private GatewayClient(URI gateway) {
    this.gateway = gateway;
  }

  static GatewayClient find(URI explicit, Path state) {
    if (explicit != null) {
      return new GatewayClient(explicit);
    }
    Path runtime = LocalRuntime.runtimeFile(state);
    if (!Files.isRegularFile(runtime)) {
      throw new IllegalStateException(
          "Kinetic is not running here (no "
              + runtime
              + "): start it with ./kinetic up, or pass --gateway");
    }
    try {
      JsonNode file = Json.MAPPER.readTree(Files.readAllBytes(runtime));
      return new GatewayClient(URI.create(file.path("gateway").asString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return gateway;
  }

  <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (ConnectException e) {
      throw new IllegalStateException(
          "nothing answers at " + gateway + ": is Kinetic running? (./kinetic up)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(gateway.resolve(path));
  }

  /** Posts {@code event} to the broker at {@code namespace/name} in {@code mode}. */
  HttpResponse<String> publish(String broker, CloudEvent event, HttpCodec.Mode mode) {
    HttpMessage message = HttpCodec.encode(event, mode);
    HttpRequest.Builder request =
        request("/" + broker).POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    return send(request, HttpResponse.BodyHandlers.ofString());
  }
}
