package dev.kinetic.inference;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.Json;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.FraudData;
import dev.kinetic.examples.HousePricesData;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.InMemoryStoreConfiguration;
import dev.kinetic.function.PrometheusMetrics;
import dev.kinetic.function.TestTokens;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.train.ExampleModels;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** What inference reports to Prometheus, under the names the Grafana dashboards query. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "kinetic.inference.refresh-interval=1h")
@Import({InMemoryStoreConfiguration.class, TestTokens.Issuer.class, PrometheusMetrics.class})
class InferenceMetricsTest {

  @LocalServerPort int port;
  @Autowired ObjectStore store;
  @Autowired ServingModels serving;
  @Autowired PrometheusMetrics metrics;

  @Test
  void countsRequestsRowsAndErrorsPerModelAndVersion() throws Exception {
    FraudData data = new FraudData();
    ExampleModels.storeSpec(store, data, "");
    String version = ExampleModels.champion(store, data, 1500, 3).version();
    serving.refresh();
    FunctionClient client = new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"));
    Map<String, Object> row = InferenceHttpTest.transaction(10.0, "pos");

    for (int rows : List.of(1, 3)) {
      FunctionClient.Response answer =
          client.post(
              "/predict/fraud",
              Map.of("content-type", "application/json"),
              Json.MAPPER.writeValueAsBytes(Map.of("instances", Collections.nCopies(rows, row))));
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }
    assertThat(client.get("/v2/models/nope").status()).isEqualTo(404);

    Map<String, String> served = Map.of("kinetic_model", "fraud", "kinetic_model_version", version);
    assertThat(metrics.value("kinetic_inference_duration_seconds_count", served)).isEqualTo(2);
    assertThat(metrics.value("kinetic_inference_rows_total", served)).isEqualTo(4);
    assertThat(
            metrics.value(
                "kinetic_inference_duration_seconds_bucket",
                Map.of("kinetic_model_version", version, "le", "+Inf")))
        .isEqualTo(2);
    assertThat(
            metrics.value(
                "kinetic_inference_errors_total",
                Map.of("kinetic_model", "nope", "http_response_status_code", "404")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "kinetic_function_startup_seconds_count", Map.of("kinetic_function", "inference")))
        .isEqualTo(1);
  }

  @Test
  void reportsWhatEachModelServesOnWhichDeviceAndEveryLoadWithItsOutcome() throws Exception {
    HousePricesData data = new HousePricesData();
    ExampleModels.storeSpec(store, data, "");
    String first = ExampleModels.champion(store, data, 600, 11).version();
    serving.refresh();

    Map<String, String> firstLoaded =
        Map.of(
            "kinetic_model", "house-prices",
            "kinetic_model_version", first,
            "kinetic_outcome", "loaded");
    assertThat(metrics.value("kinetic_inference_model_loads_total", firstLoaded)).isEqualTo(1);
    assertThat(
            metrics.value(
                "kinetic_inference_model_load_duration_seconds_count",
                Map.of("kinetic_model", "house-prices", "kinetic_model_version", first)))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "kinetic_inference_model_served",
                Map.of(
                    "kinetic_model", "house-prices",
                    "kinetic_model_version", first,
                    "kinetic_device", "cpu")))
        .isEqualTo(1);

    // A challenger whose ONNX file no longer matches its card: promoted, but it cannot load.
    String broken =
        ExampleModels.train(store, data, 600, 12, ExampleData.Scenario.training).version();
    store.put(ModelStore.modelKey("house-prices", broken), "not the model".getBytes(UTF_8));
    ModelStore models = new ModelStore(store);
    models.compareAndSetChampion("house-prices", models.champion("house-prices"), broken, "test");
    serving.refresh();

    assertThat(
            metrics.value(
                "kinetic_inference_model_loads_total",
                Map.of(
                    "kinetic_model", "house-prices",
                    "kinetic_model_version", broken,
                    "kinetic_outcome", "failed")))
        .isEqualTo(1);
    assertThat(
            metrics.value(
                "kinetic_inference_model_served",
                Map.of("kinetic_model", "house-prices", "kinetic_model_version", first)))
        .as("the version before it still serves")
        .isEqualTo(1);
    assertThat(metrics.samples("kinetic_inference_model_served"))
        .noneMatch(sample -> sample.contains(broken));
  }
}
