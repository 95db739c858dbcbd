package dev.kinetic.contracts.codec;

import java.util.Map;

/** An HTTP request or response body with its headers, as {@link HttpCodec} writes it. */
public record HttpMessage(Map<String, String> headers, byte[] body) {

  public HttpMessage {
    headers = Map.copyOf(headers);
  }

  public String contentType() {
    return headers.get(HttpCodec.CONTENT_TYPE);
  }
}
