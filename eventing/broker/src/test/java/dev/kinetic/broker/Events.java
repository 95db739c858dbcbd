package dev.kinetic.broker;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** Valid events for broker tests, and a producer that posts them over real HTTP. */
final class Events {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Events() {}

  /** The canonical event of {@code type} with a fresh id and the given partition key. */
  static CloudEvent of(EventType type, String id) {
    return CloudEventBuilder.from(CanonicalEvents.of(type)).withId(id).build();
  }

  static CloudEvent of(EventType type) {
    return of(type, UUID.randomUUID().toString());
  }

  static CloudEvent keyed(EventType type, String id, String partitionKey) {
    return CloudEventBuilder.from(of(type, id))
        .withExtension(Extensions.PARTITION_KEY, partitionKey)
        .build();
  }

  static HttpResponse<String> post(URI ingress, CloudEvent event, HttpCodec.Mode mode) {
    return post(ingress, HttpCodec.encode(event, mode));
  }

  static HttpResponse<String> post(URI ingress, HttpMessage message) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(ingress)
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    return send(request.build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
