package dev.kinetic.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.platform.telemetry.Telemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Gives a function under test telemetry that serves its metrics for Prometheus to scrape, so tests
 * read them under the names the dashboards query.
 */
@TestConfiguration
public class PrometheusMetrics {

  private final int port = freePort();

  @Bean(destroyMethod = "close")
  Telemetry telemetry() {
    return Telemetry.start(
        "test",
        Map.of(
            "otel.metrics.exporter", "prometheus",
            "otel.traces.exporter", "none",
            "otel.exporter.prometheus.host", "127.0.0.1",
            "otel.exporter.prometheus.port", String.valueOf(port)));
  }

  /** The exposition's sample lines (no comments) naming {@code metric}. */
  public List<String> samples(String metric) {
    return scrape()
        .lines()
        .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
        .toList();
  }

  /** The value of the one sample of {@code metric} whose labels include all of {@code labels}. */
  public double value(String metric, Map<String, String> labels) {
    List<String> matching =
        samples(metric).stream()
            .filter(
                line ->
                    labels.entrySet().stream()
                        .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\"")))
            .toList();
    assertThat(matching).as("%s%s in %s", metric, labels, samples(metric)).hasSize(1);
    String line = matching.getFirst();
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  private String scrape() {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
