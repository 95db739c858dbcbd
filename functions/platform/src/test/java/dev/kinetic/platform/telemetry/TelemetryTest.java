package dev.kinetic.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class TelemetryTest {

  @Test
  void exportsNothingUnlessAsked() {
    try (Telemetry telemetry = Telemetry.start("ingest", Map.of())) {
      assertThat(telemetry.exporters())
          .containsEntry("traces", "none")
          .containsEntry("metrics", "none");
    }
  }

  @Test
  void sendsTracesAndMetricsOverOtlpWhenAnEndpointIsSet() throws IOException {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try (Telemetry telemetry =
        Telemetry.start(
            "ingest",
            Map.of(
                "otel.exporter.otlp.endpoint",
                "http://127.0.0.1:" + collector.getAddress().getPort(),
                "otel.exporter.otlp.protocol",
                "http/protobuf"))) {
      assertThat(telemetry.exporters())
          .containsEntry("traces", "otlp")
          .containsEntry("metrics", "otlp");
      telemetry.openTelemetry().getTracer("test").spanBuilder("ingest one").startSpan().end();
      telemetry.openTelemetry().getMeter("test").counterBuilder("kinetic.rows").build().add(3);
    } finally {
      collector.stop(0);
    }

    assertThat(received).contains("POST /v1/traces", "POST /v1/metrics");
  }

  @Test
  void refusesOtlpOverGrpcSayingWhatToSetInstead() {
    assertThatThrownBy(
            () ->
                Telemetry.start(
                    "ingest",
                    Map.of(
                        "otel.exporter.otlp.endpoint", "http://127.0.0.1:4317",
                        "otel.exporter.otlp.traces.protocol", "grpc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.traces.protocol=grpc")
        .hasMessageContaining("set OTEL_EXPORTER_OTLP_TRACES_PROTOCOL to http/protobuf");
  }

  @Test
  void servesMetricsForPrometheusWhenAPortIsSet() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (Telemetry telemetry =
        Telemetry.start(
            "inference",
            Map.of(
                "otel.exporter.prometheus.port",
                String.valueOf(port),
                "otel.exporter.prometheus.host",
                "127.0.0.1"))) {
      telemetry
          .openTelemetry()
          .getMeter("test")
          .counterBuilder("kinetic.predictions")
          .build()
          .add(5);

      HttpResponse<String> scrape =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(telemetry.exporters()).containsEntry("metrics", "prometheus");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("kinetic_predictions_total")
          .contains("service_name=\"inference\"");
    }
  }
}
