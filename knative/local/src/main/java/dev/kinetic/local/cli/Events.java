package dev.kinetic.local.cli;

import dev.kinetic.contracts.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code kinetic events}: tails the events the broker accepts. */
@Command(name = "events", description = "Print events as the broker accepts them, until Ctrl-C.")
final class Events implements Callable<Integer> {

  @Option(
      names = {"--follow", "-f"},
      description = "Keep following (the default; kept for habit).")
  boolean follow;

  @Option(names = "--count", description = "Stop after this many events.")
  Integer count;

  @Option(names = "--json", description = "Print each event as a JSON line, data included.")
  boolean json;

  @Mixin GatewayOptions target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    GatewayClient client = target.client();
    PrintWriter out = spec.commandLine().getOut();
    HttpResponse<InputStream> response =
        client.send(client.request("/_kinetic/events"), HttpResponse.BodyHandlers.ofInputStream());
    int seen = 0;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line; (count == null || seen < count) && (line = lines.readLine()) != null; ) {
        seen++;
        if (json) {
          out.println(line);
        } else {
          JsonNode event = Json.MAPPER.readTree(line);
          out.printf(
              "%s  %-40s %-38s %s%s%n",
              event.path("time").asString(""),
              event.path("type").asString(),
              event.path("id").asString(),
              event.path("source").asString(),
              event.has("model") ? "  model=" + event.path("model").asString() : "");
        }
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return 0;
  }
}
