package dev.kinetic.contracts.codec;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CloudEvents over HTTP. Knative always delivers in binary mode; clients may post either mode, and
 * {@link #decode} tells them apart by {@code Content-Type}.
 */
public final class HttpCodec {

  public static final String CONTENT_TYPE = "content-type";

  /** How an event is laid out in an HTTP message. */
  public enum Mode {
    /** Attributes in {@code ce-*} headers, {@code data} as the body. */
    BINARY,
    /** The whole event as {@code application/cloudevents+json}. */
    STRUCTURED
  }

  private HttpCodec() {}

  public static HttpMessage encode(CloudEvent event, Mode mode) {
    Map<String, String> headers = new LinkedHashMap<>();
    AtomicReference<byte[]> body = new AtomicReference<>(new byte[0]);
    var writer =
        HttpMessageFactory.createWriter(
            (name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value), body::set);
    switch (mode) {
      case BINARY -> writer.writeBinary(event);
      case STRUCTURED -> writer.writeStructured(event, JsonFormat.CONTENT_TYPE);
    }
    return new HttpMessage(headers, body.get());
  }

  /**
   * Reads an event from a request or response. Header names are matched without regard to case.
   *
   * @throws dev.kinetic.contracts.InvalidEventException naming the attribute that is missing or
   *     malformed, or {@code body} when a structured event is not JSON
   */
  public static CloudEvent decode(Map<String, String> headers, byte[] body) {
    try {
      return HttpMessageFactory.createReader(headers, body).toEvent();
    } catch (RuntimeException e) {
      throw DecodingFailures.explain(e);
    }
  }

  /** As {@link #decode(Map, byte[])}, for servers that give every value of a header. */
  public static CloudEvent decodeMultimap(Map<String, List<String>> headers, byte[] body) {
    try {
      return HttpMessageFactory.createReaderFromMultimap(headers, body).toEvent();
    } catch (RuntimeException e) {
      throw DecodingFailures.explain(e);
    }
  }
}
