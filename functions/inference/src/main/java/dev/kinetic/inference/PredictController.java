package dev.kinetic.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.function.security.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * {@code POST /predict/{model}} with {@code {"instances": [{"feature": value, ...}]}}: predictions
 * by feature name, for people and for services that do not want to know the model's tensor layout.
 */
@RestController
class PredictController {

  // NaN and Infinity are not JSON, but Python's json module writes them: read them, so that the
  // answer names the instance and feature they are in rather than the position of a parse error.
  private static final ObjectReader READER =
      Json.MAPPER.readerFor(PredictRequest.class).with(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS);

  private static final ObjectWriter WRITER = Json.MAPPER.writerFor(PredictResponse.class);

  private final Inference inference;
  private final RequestBodies bodies;

  PredictController(Inference inference, RequestBodies bodies) {
    this.inference = inference;
    this.bodies = bodies;
  }

  /** {@code explain}: add per-feature attributions (linear models). */
  record PredictRequest(List<Map<String, Object>> instances, Boolean explain) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record PredictResponse(
      String model,
      String modelVersion,
      String requestId,
      List<Prediction> predictions,
      String explanationMethod) {}

  /**
   * Writes its JSON answer itself, with its length: Spring's message converters would pick a
   * converter by the answer's type and the request's {@code Accept} on every call (5 % of the
   * server's CPU in a profile under load, more than writing the JSON), and a {@code
   * ResponseEntity}'s handler flushes before the end, which sends the body chunked in two writes.
   */
  @PostMapping("/predict/{model}")
  void predict(
      @PathVariable String model,
      @RequestHeader(name = "X-Request-Id", required = false) String requestId,
      HttpServletRequest http,
      HttpServletResponse response)
      throws IOException {
    PredictRequest request = READER.readValue(bodies.read(http));
    if (request == null) {
      throw new InvalidInputException("instances", "give at least one instance");
    }
    String id = RequestIds.orNew(requestId, "X-Request-Id");
    Inference.Answer answer =
        inference.predict(
            model,
            null,
            request.instances(),
            Boolean.TRUE.equals(request.explain()),
            id,
            Callers.current());
    response.setHeader("X-Request-Id", id);
    byte[] json =
        WRITER.writeValueAsBytes(
            new PredictResponse(
                model, answer.version(), id, answer.predictions(), answer.explanationMethod()));
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(json.length);
    response.getOutputStream().write(json);
  }
}
