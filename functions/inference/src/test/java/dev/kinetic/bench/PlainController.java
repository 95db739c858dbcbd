package dev.kinetic.bench;

import dev.kinetic.function.FunctionRuntimeConfiguration;
import dev.kinetic.function.security.FunctionSecurityConfiguration;
import dev.kinetic.platform.model.ModelCard;
import dev.kinetic.scoring.OnnxModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a user would write by hand: a Spring Boot controller around the same ONNX session, with the
 * same JSON in and out, and nothing else (no validation, no logging, no telemetry, no auth).
 */
@SpringBootApplication(
    exclude = {
      FunctionRuntimeConfiguration.class,
      FunctionSecurityConfiguration.class,
      SecurityAutoConfiguration.class,
      ServletWebSecurityAutoConfiguration.class,
      SecurityFilterAutoConfiguration.class,
      OAuth2ResourceServerAutoConfiguration.class
    })
@RestController
public class PlainController {

  static ModelCard card;
  static OnnxModel model;

  record Request(List<Map<String, Object>> instances) {}

  @PostMapping("/predict/fraud")
  Map<String, Object> predict(@RequestBody Request request) {
    float[] outputs =
        model.score(card.encoding().encodeFloats(request.instances()), request.instances().size());
    Map<String, Object> probabilities = new LinkedHashMap<>();
    for (int j = 0; j < card.labels().size(); j++) {
      probabilities.put(card.labels().get(j), outputs[j]);
    }
    return Map.of("predictions", List.of(Map.of("probabilities", probabilities)));
  }
}
