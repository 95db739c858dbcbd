package dev.kinetic.inference;

import dev.kinetic.inference.InferenceErrors.TooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;

/**
 * Reads the inference APIs' request bodies, up to {@code kinetic.inference.max-body-size}: a larger
 * one is refused with 413 before it is parsed, so no request can make the function hold more.
 */
@Component
class RequestBodies {

  private final int limit;

  RequestBodies(InferenceProperties properties) {
    this.limit = (int) properties.maxBodySize().toBytes();
  }

  byte[] read(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(declared + " bytes");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = declared >= 0 ? in.readNBytes((int) declared + 1) : in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge("more than " + limit + " bytes");
      }
      return body;
    }
  }

  private TooLargeException tooLarge(String size) {
    return new TooLargeException(
        "the body is "
            + size
            + "; the limit is "
            + limit
            + " bytes (kinetic.inference.max-body-size)");
  }
}
