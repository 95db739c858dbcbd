package dev.kinetic.function;

import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events a function makes outside a reply (for example from its HTTP API) to {@code K_SINK},
 * the address a Knative SinkBinding or the local runtime injects: in binary mode, retried on
 * failure with a short backoff. Where the broker takes only authenticated events (Knative Eventing
 * OIDC), {@code KINETIC_SINK_TOKEN_FILE} names a token for its audience, such as a projected
 * service-account token; it is read at each send, since the kubelet rotates it.
 */
public final class EventSink {

  private static final Logger log = LoggerFactory.getLogger(EventSink.class);
  private static final int ATTEMPTS = 4;

  private final Optional<URI> sink;
  private final Optional<Path> tokenFile;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public EventSink(Optional<URI> sink) {
    this(sink, Optional.empty());
  }

  /**
   * @param tokenFile a file holding the bearer token to send, or empty to send none
   */
  public EventSink(Optional<URI> sink, Optional<Path> tokenFile) {
    this.sink = sink;
    this.tokenFile = tokenFile;
  }

  /**
   * Sends {@code event}, retrying up to {@value #ATTEMPTS} times.
   *
   * @throws IllegalStateException if there is no sink or every attempt failed
   */
  public void send(CloudEvent event) {
    URI target =
        sink.orElseThrow(
            () ->
                new IllegalStateException(
                    "K_SINK is not set: there is nowhere to send " + event.getType()));
    HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(request::header);
    if (tokenFile.isPresent()) {
      request.header("Authorization", "Bearer " + token(tokenFile.get()));
    }
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return;
        }
        failure = "HTTP " + response.statusCode() + " " + response.body();
        if (response.statusCode() / 100 == 4 && response.statusCode() != 429) {
          break;
        }
      } catch (IOException e) {
        failure = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted";
        break;
      }
      log.warn(
          "sending {} to {} failed ({}); attempt {}", event.getType(), target, failure, attempt);
      sleep(100L << attempt);
    }
    throw new IllegalStateException(
        "could not send "
            + event.getType()
            + " "
            + event.getId()
            + " to "
            + target
            + ": "
            + failure);
  }

  private static String token(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("reading the sink token " + file, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
