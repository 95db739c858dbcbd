package dev.kinetic.local.cli;

import dev.kinetic.contracts.Json;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code kinetic status}: each function and each Trigger, as the running gateway reports them. */
@Command(
    name = "status",
    description =
        "Show functions (running, idle, crashed) and Triggers (delivered, retried, dead-lettered).")
final class Status implements Callable<Integer> {

  @Option(names = "--json", description = "Print the raw JSON.")
  boolean json;

  @Mixin GatewayOptions target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    GatewayClient client = target.client();
    String body =
        client
            .send(client.request("/_kinetic/status"), HttpResponse.BodyHandlers.ofString())
            .body();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(body);
      return 0;
    }
    JsonNode status = Json.MAPPER.readTree(body);
    out.printf("gateway  %s%n", status.path("gateway").asString());
    for (JsonNode broker : status.path("brokers")) {
      out.printf("broker   %s%n", broker.path("url").asString());
      int width = 28;
      for (String name : broker.path("triggers").propertyNames()) {
        width = Math.max(width, name.length());
      }
      String row = "  %-" + width + "s %10d %8d %14d %8d%n";
      out.printf(
          "  %-" + width + "s %10s %8s %14s %8s%n",
          "trigger",
          "delivered",
          "retried",
          "dead-lettered",
          "dropped");
      broker
          .path("triggers")
          .properties()
          .forEach(
              trigger -> {
                JsonNode t = trigger.getValue();
                out.printf(
                    row,
                    trigger.getKey(),
                    t.path("delivered").asLong(),
                    t.path("retried").asLong(),
                    t.path("deadLettered").asLong(),
                    t.path("dropped").asLong());
              });
    }
    out.printf(
        "%-14s %-8s %6s %12s %10s%n", "function", "state", "port", "cold starts", "last exit");
    for (JsonNode function : status.path("functions")) {
      out.printf(
          "%-14s %-8s %6s %12d %10s%n",
          function.path("name").asString(),
          function.path("state").asString(),
          function.path("port").isNull() ? "-" : function.path("port").asString(),
          function.path("coldStarts").asInt(),
          function.path("lastExitCode").isNull() || function.path("lastExitCode").isMissingNode()
              ? "-"
              : function.path("lastExitCode").asString());
      if (function.hasNonNull("logTail")) {
        out.printf(
            "  last lines of its log:%n    %s%n",
            function.path("logTail").asString().replace("\n", "\n    "));
      }
    }
    return 0;
  }
}
