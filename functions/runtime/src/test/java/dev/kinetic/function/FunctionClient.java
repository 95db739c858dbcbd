package dev.kinetic.function;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Real HTTP to a function, as a broker or a direct caller would send it. */
public final class FunctionClient {

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A client whose token has every scope ({@link TestTokens#ALL}). */
  public FunctionClient(URI base) {
    this(base, TestTokens.ALL);
  }

  /**
   * @param token the bearer token to send, or {@code null} to send none
   */
  public FunctionClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** The same function, called with {@code token} ({@code null} for none). */
  public FunctionClient withToken(String token) {
    return new FunctionClient(base, token);
  }

  public Response send(CloudEvent event, HttpCodec.Mode mode) {
    HttpMessage message = HttpCodec.encode(event, mode);
    return post("/", message.headers(), message.body());
  }

  public Response post(String path, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return exchange(request);
  }

  public Response get(String path) {
    return exchange(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private Response exchange(HttpRequest.Builder builder) {
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> headers = new LinkedHashMap<>();
      response
          .headers()
          .map()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
      return new Response(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer: its status, headers (lower-case names) and body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {

    /** The reply event this answer carries. */
    public CloudEvent event() {
      return HttpCodec.decode(headers, body);
    }

    public JsonNode json() {
      return Json.MAPPER.readTree(body);
    }

    @Override
    public String toString() {
      return status + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
