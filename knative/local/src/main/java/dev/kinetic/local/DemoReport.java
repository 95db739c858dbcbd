package dev.kinetic.local;

import dev.kinetic.local.Demo.AccuracyPoint;
import dev.kinetic.local.Demo.DriftPoint;
import dev.kinetic.local.Demo.Result;
import dev.kinetic.local.Demo.TimelineEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;

/**
 * What the demo shows at its end: a summary table on the terminal and a self-contained HTML report
 * (inline SVG, no scripts, nothing fetched) with accuracy over time, the drift statistics over time
 * and the event timeline.
 */
final class DemoReport {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 260;
  private static final int PAD = 50;
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939"
  };

  private DemoReport() {}

  static void printSummary(Result result, PrintWriter out) {
    out.println();
    out.println("== Summary ==");
    out.println("Model versions of fraud:");
    out.printf(
        "  %-28s %-9s %-9s %-10s %s%n", "version", "accuracy", "macro_f1", "champion", "created");
    for (JsonNode version : result.versions()) {
      out.printf(
          "  %-28s %-9s %-9s %-10s %s%n",
          version.path("version").asString(),
          format(version.path("metrics").path("accuracy")),
          format(version.path("metrics").path("macro_f1")),
          version.path("champion").asBoolean()
              ? "yes"
              : version.path("everChampion").asBoolean() ? "was" : "no",
          version.path("createdAt").asString());
    }
    out.println("Accuracy on live traffic (client-side, against the true labels):");
    Map<String, String> stages =
        Map.of(
            "live",
            "before drift",
            "shift",
            "during drift (old model)",
            "recovered",
            "after retraining");
    for (String stage : List.of("live", "shift", "recovered")) {
      Double value = result.accuracyByStage().get(stage);
      out.printf(
          "  %-28s %s%n",
          stages.get(stage), value == null ? "-" : String.format(Locale.ROOT, "%.3f", value));
    }
    out.println("Events by type:");
    result.eventsByType().forEach((type, count) -> out.printf("  %-40s %d%n", type, count));
    out.printf("Retries: %d   Dead letters: %d%n", result.retries(), result.deadLetters());
    out.println("Cold starts (ms):");
    result
        .coldStartMillis()
        .forEach((function, starts) -> out.printf("  %-12s %s%n", function, starts));
    out.printf(Locale.ROOT, "Wall time: %.1f s%n", result.seconds());
    if (result.passed()) {
      out.println(
          "PASSED: drift was detected, a retrained version was promoted and accuracy recovered.");
    } else {
      out.println("FAILED:");
      result.failures().forEach(failure -> out.println("  - " + failure));
    }
    out.flush();
  }

  static void write(Result result, Path file) {
    StringBuilder html = new StringBuilder();
    html.append(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Kinetic demo report</title>
        <style>
          body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 960px; color: #222; }
          table { border-collapse: collapse; margin: 1em 0; }
          td, th { border: 1px solid #ccc; padding: 4px 10px; text-align: left; }
          svg { background: #fafafa; border: 1px solid #ddd; }
          .pass { color: #2a7d2a; } .fail { color: #b00020; }
        </style></head><body>
        <h1>Kinetic demo: drift, retraining, recovery</h1>
        """);
    html.append(
        result.passed()
            ? "<p class=\"pass\">Passed in "
                + String.format(Locale.ROOT, "%.1f", result.seconds())
                + " s.</p>"
            : "<p class=\"fail\">Failed: " + escape(String.join("; ", result.failures())) + "</p>");
    html.append(
        "<h2>Model versions</h2><table><tr><th>version</th><th>accuracy</th><th>macro F1</th><th>champion</th><th>created</th></tr>");
    for (JsonNode version : result.versions()) {
      html.append("<tr><td>")
          .append(escape(version.path("version").asString()))
          .append("</td><td>")
          .append(format(version.path("metrics").path("accuracy")))
          .append("</td><td>")
          .append(format(version.path("metrics").path("macro_f1")))
          .append("</td><td>")
          .append(
              version.path("champion").asBoolean()
                  ? "yes"
                  : version.path("everChampion").asBoolean() ? "was" : "no")
          .append("</td><td>")
          .append(escape(version.path("createdAt").asString()))
          .append("</td></tr>");
    }
    html.append("</table>");
    html.append("<h2>Accuracy of live traffic over time</h2>");
    html.append(
        lines(
            result.accuracy(),
            List.of("accuracy"),
            p -> p.accuracy(),
            AccuracyPoint::seconds,
            0,
            1,
            markers(result.timeline())));
    html.append(
        "<p>Each point is a chunk of 100 transactions scored by inference and compared with its true label. Dashed lines: drift detected (red), model promoted (green).</p>");
    html.append("<h2>Drift statistics over time</h2>");
    html.append(driftChart(result.drift(), result.timeline()));
    html.append(
        "<p>What <code>GET /drift/fraud</code> reported every two seconds: the p-value for KS and chi-squared (drift below 0.05), the distance for PSI and Jensen-Shannon (drift from 0.1).</p>");
    if (result.firstDrift() != null) {
      html.append(
          "<h3>The first drift.detected</h3><table><tr><th>feature</th><th>kind</th><th>test</th><th>statistic</th><th>p-value</th><th>threshold</th><th>drifted</th></tr>");
      for (JsonNode feature : result.firstDrift().path("features")) {
        html.append("<tr><td>")
            .append(escape(feature.path("feature").asString()))
            .append("</td><td>")
            .append(feature.path("kind").asString())
            .append("</td><td>")
            .append(feature.path("test").asString())
            .append("</td><td>")
            .append(format(feature.path("statistic")))
            .append("</td><td>")
            .append(format(feature.path("pValue")))
            .append("</td><td>")
            .append(format(feature.path("threshold")))
            .append("</td><td>")
            .append(feature.path("drifted").asBoolean() ? "yes" : "no")
            .append("</td></tr>");
      }
      html.append("</table>");
    }
    html.append("<h2>Event timeline</h2>").append(timeline(result.timeline()));
    html.append(
        "<h2>Events, retries, cold starts</h2><table><tr><th>event type</th><th>count</th></tr>");
    result
        .eventsByType()
        .forEach(
            (type, count) ->
                html.append("<tr><td>")
                    .append(escape(type))
                    .append("</td><td>")
                    .append(count)
                    .append("</td></tr>"));
    html.append("</table><p>Retries: ")
        .append(result.retries())
        .append(". Dead letters: ")
        .append(result.deadLetters())
        .append(".</p>");
    html.append("<table><tr><th>function</th><th>cold starts (ms)</th></tr>");
    result
        .coldStartMillis()
        .forEach(
            (function, starts) ->
                html.append("<tr><td>")
                    .append(function)
                    .append("</td><td>")
                    .append(starts)
                    .append("</td></tr>"));
    html.append("</table></body></html>\n");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, html);
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + file, e);
    }
  }

  private record Marker(double seconds, String colour) {}

  private static List<Marker> markers(List<TimelineEvent> timeline) {
    List<Marker> markers = new ArrayList<>();
    for (TimelineEvent event : timeline) {
      if (event.type().endsWith("drift.detected.v1")) {
        markers.add(new Marker(event.seconds(), "#d62728"));
      } else if (event.type().endsWith("model.promoted.v1")) {
        markers.add(new Marker(event.seconds(), "#2ca02c"));
      }
    }
    return markers;
  }

  private static <T> String lines(
      List<T> points,
      List<String> names,
      ToDoubleFunction<T> value,
      ToDoubleFunction<T> x,
      double min,
      double max,
      List<Marker> markers) {
    if (points.isEmpty()) {
      return "<p>(no data)</p>";
    }
    double end = points.stream().mapToDouble(x).max().orElse(1) * 1.05;
    StringBuilder svg = frame(end, min, max, markers);
    svg.append("<polyline fill=\"none\" stroke=\"")
        .append(COLOURS[0])
        .append("\" stroke-width=\"2\" points=\"");
    for (T point : points) {
      svg.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.1f ",
              sx(x.applyAsDouble(point), end),
              sy(value.applyAsDouble(point), min, max)));
    }
    svg.append("\"/>");
    legend(svg, names);
    return svg.append("</svg>").toString();
  }

  private static String driftChart(List<DriftPoint> points, List<TimelineEvent> timeline) {
    if (points.isEmpty()) {
      return "<p>(no samples)</p>";
    }
    Set<String> names = new LinkedHashSet<>();
    points.forEach(p -> names.addAll(p.statistics().keySet()));
    double end = points.getLast().seconds() * 1.05;
    double max =
        Math.max(
            1,
            points.stream()
                .flatMap(p -> p.statistics().values().stream())
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(1));
    StringBuilder svg = frame(end, 0, max, markers(timeline));
    int i = 0;
    for (String name : names) {
      svg.append("<polyline fill=\"none\" stroke=\"")
          .append(COLOURS[i++ % COLOURS.length])
          .append("\" stroke-width=\"1.5\" points=\"");
      for (DriftPoint point : points) {
        Double value = point.statistics().get(name);
        if (value != null) {
          svg.append(
              String.format(
                  Locale.ROOT, "%.1f,%.1f ", sx(point.seconds(), end), sy(value, 0, max)));
        }
      }
      svg.append("\"/>");
    }
    legend(svg, new ArrayList<>(names));
    return svg.append("</svg>").toString();
  }

  private static String timeline(List<TimelineEvent> events) {
    if (events.isEmpty()) {
      return "<p>(no events)</p>";
    }
    List<String> types = events.stream().map(TimelineEvent::type).distinct().sorted().toList();
    double end = events.getLast().seconds() * 1.05;
    int rowHeight = 22;
    int height = PAD + rowHeight * types.size();
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
            WIDTH, height));
    for (int row = 0; row < types.size(); row++) {
      int y = PAD / 2 + row * rowHeight;
      svg.append(
          String.format(
              "<text x=\"4\" y=\"%d\">%s</text>",
              y + 4, escape(types.get(row).replace("dev.kinetic.", ""))));
      svg.append(
          String.format(
              "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>",
              230, y, WIDTH - 10, y));
    }
    for (TimelineEvent event : events) {
      int row = types.indexOf(event.type());
      double x = 230 + (WIDTH - 240) * event.seconds() / end;
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%d\" r=\"3\" fill=\"%s\"><title>%.1f s %s %s</title></circle>",
              x,
              PAD / 2 + row * rowHeight,
              COLOURS[row % COLOURS.length],
              event.seconds(),
              escape(event.type()),
              escape(event.summary() == null ? "" : event.summary())));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"230\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\">%.0f s</text>",
            height - 6,
            WIDTH - 50,
            height - 6,
            end));
    return svg.append("</svg>").toString();
  }

  /** Axes from 0 to {@code end} seconds and {@code min} to {@code max}, with dashed markers. */
  private static StringBuilder frame(double end, double min, double max, List<Marker> markers) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"11\">",
            WIDTH, HEIGHT + 20 * 3));
    svg.append(
        String.format(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            PAD, HEIGHT - PAD, WIDTH - 10, HEIGHT - PAD));
    svg.append(
        String.format(
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
            PAD, PAD / 2, PAD, HEIGHT - PAD));
    for (int tick = 0; tick <= 4; tick++) {
      double value = min + (max - min) * tick / 4;
      svg.append(
          String.format(
              Locale.ROOT, "<text x=\"4\" y=\"%.1f\">%.2f</text>", sy(value, min, max) + 4, value));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\">%.0f s</text>",
            PAD,
            HEIGHT - PAD + 16,
            WIDTH - 50,
            HEIGHT - PAD + 16,
            end));
    for (Marker marker : markers) {
      double mx = sx(marker.seconds(), end);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"4\"/>",
              mx,
              PAD / 2,
              mx,
              HEIGHT - PAD,
              marker.colour()));
    }
    return svg;
  }

  private static void legend(StringBuilder svg, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      int x = PAD + (i % 4) * 210;
      int y = HEIGHT - 10 + (i / 4) * 18;
      svg.append(
          String.format(
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
              x, y - 9, COLOURS[i % COLOURS.length], x + 14, y, escape(names.get(i))));
    }
  }

  private static double sx(double seconds, double end) {
    return PAD + (WIDTH - PAD - 10) * seconds / end;
  }

  private static double sy(double value, double min, double max) {
    return HEIGHT - PAD - (HEIGHT - PAD * 1.5) * (value - min) / (max - min);
  }

  private static String format(JsonNode number) {
    return number == null || number.isMissingNode() || number.isNull()
        ? "-"
        : String.format(Locale.ROOT, "%.3f", number.asDouble());
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
