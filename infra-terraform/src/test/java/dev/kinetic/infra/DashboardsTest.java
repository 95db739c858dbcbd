package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards query only what the functions record: each metric and label in their
 * PromQL is one the code makes, under the name Prometheus gives an OpenTelemetry metric (dots to
 * underscores, the unit as a suffix, {@code _total} on counters, {@code _bucket}, {@code _sum} and
 * {@code _count} on histograms; InferenceMetricsTest reads them so from a real scrape).
 */
class DashboardsTest {

  static final Path DASHBOARDS = Modules.module("observability").resolve("dashboards");
  static final Path REPOSITORY = Modules.ROOT.getParent();

  private static final Pattern INSTRUMENT =
      Pattern.compile(
          "(counter|histogram|gauge|upDownCounter)Builder\\(\\s*\"([a-z0-9_.]+)\"\\s*\\)(.*?)\\.build(?:WithCallback|Observer)?\\(",
          Pattern.DOTALL);
  private static final Pattern UNIT = Pattern.compile("\\.setUnit\\(\"([^\"]+)\"\\)");
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "AttributeKey\\.(?:string|long|double|boolean)Key\\(\\s*\"([a-z0-9_.]+)\"\\s*\\)");
  private static final Pattern METRIC_IN_QUERY = Pattern.compile("\\b(kinetic_[a-z0-9_]+)\\b");
  private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");
  private static final Pattern MATCHER =
      Pattern.compile("([a-z_][a-z0-9_]*)\\s*(?:=~|!=|!~|=)\\s*\"");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static List<Path> dashboards() {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every metric the code records, as Prometheus names it. */
  static Set<String> recordedMetrics() {
    Set<String> names = new TreeSet<>();
    for (String source : mainSources()) {
      Matcher instrument = INSTRUMENT.matcher(source);
      while (instrument.find()) {
        String base = instrument.group(2).replace('.', '_');
        Matcher unit = UNIT.matcher(instrument.group(3));
        if (unit.find()) {
          base +=
              switch (unit.group(1)) {
                case "s" -> "_seconds";
                case "By" -> "_bytes";
                default -> "_" + unit.group(1);
              };
        }
        switch (instrument.group(1)) {
          case "counter" -> names.add(base + "_total");
          case "histogram" ->
              names.addAll(List.of(base + "_bucket", base + "_sum", base + "_count"));
          default -> names.add(base);
        }
      }
    }
    return names;
  }

  /** Every attribute the code records, as a Prometheus label. */
  static Set<String> recordedLabels() {
    Set<String> labels = new TreeSet<>(Set.of("le"));
    for (String source : mainSources()) {
      Matcher attribute = ATTRIBUTE.matcher(source);
      while (attribute.find()) {
        labels.add(attribute.group(1).replace('.', '_'));
      }
    }
    return labels;
  }

  static List<String> mainSources() {
    List<String> sources = new ArrayList<>();
    for (String tree : List.of("functions", "eventing", "knative")) {
      try (Stream<Path> files = Files.walk(REPOSITORY.resolve(tree))) {
        files
            .filter(f -> f.toString().endsWith(".java"))
            .filter(f -> f.toString().contains("/src/main/java/"))
            .forEach(f -> sources.add(Modules.text(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }

  static Map<String, List<String>> queries(Path dashboard) {
    Map<String, List<String>> byPanel = new TreeMap<>();
    JsonNode panels = JSON.readTree(Modules.text(dashboard)).path("panels");
    for (JsonNode panel : panels) {
      List<String> expressions = new ArrayList<>();
      panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString()));
      byPanel.put(panel.path("title").asString(), expressions);
    }
    return byPanel;
  }

  @Test
  void theCatalogIsReadFromTheCode() {
    assertThat(recordedMetrics())
        .contains(
            "kinetic_inference_duration_seconds_bucket",
            "kinetic_inference_rows_total",
            "kinetic_function_startup_seconds_count",
            "kinetic_drift_statistic");
    assertThat(recordedLabels())
        .contains("kinetic_model", "kinetic_model_version", "kinetic_feature");
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void queriesOnlyWhatTheFunctionsRecord(Path dashboard) {
    Set<String> metrics = recordedMetrics();
    Set<String> labels = recordedLabels();
    JsonNode json = JSON.readTree(Modules.text(dashboard));
    assertThat(json.path("uid").asString())
        .isEqualTo(dashboard.getFileName().toString().replace(".json", ""));
    assertThat(json.path("title").asString()).startsWith("Kinetic");
    Map<String, List<String>> queries = queries(dashboard);
    assertThat(queries).as("panels of %s", dashboard.getFileName()).isNotEmpty();
    queries.forEach(
        (panel, expressions) -> {
          assertThat(expressions).as(panel).isNotEmpty();
          for (String expression : expressions) {
            // Metric names are what is left once the label names (groupings, matchers) are out.
            Set<String> used =
                Modules.captured(
                    METRIC_IN_QUERY,
                    expression
                        .replaceAll(GROUPING.pattern(), "")
                        .replaceAll(MATCHER.pattern() + "[^\"]*\"", ""));
            assertThat(used).as("%s: %s", panel, expression).isNotEmpty();
            assertThat(metrics).as("metrics the code records, for %s", panel).containsAll(used);
            Set<String> usedLabels = new TreeSet<>();
            Matcher grouping = GROUPING.matcher(expression);
            while (grouping.find()) {
              for (String label : grouping.group(1).split(",")) {
                usedLabels.add(label.trim());
              }
            }
            usedLabels.addAll(Modules.captured(MATCHER, expression));
            assertThat(labels).as("labels the code records, for %s", panel).containsAll(usedLabels);
          }
        });
  }

  @Test
  void theFiveViewsAreThere() {
    assertThat(all("kinetic-inference.json"))
        .contains("kinetic_inference_duration_seconds_bucket", "kinetic_model_version");
    assertThat(all("kinetic-drift.json")).contains("kinetic_drift_statistic", "kinetic_feature");
    assertThat(all("kinetic-events.json"))
        .contains(
            "kinetic_function_duration_seconds_count",
            "cloudevents_event_type",
            "kinetic_outcome=\"error\"",
            "kinetic_dead_letters_total");
    assertThat(all("kinetic-cold-starts.json")).contains("kinetic_function_startup_seconds_count");
    assertThat(all("kinetic-training.json")).contains("kinetic_function=\"train\"");
  }

  private static String all(String dashboard) {
    return String.join(
        "\n",
        queries(DASHBOARDS.resolve(dashboard)).values().stream().flatMap(List::stream).toList());
  }
}
