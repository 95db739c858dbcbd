package dev.kinetic.local.cli;

import dev.kinetic.local.LocalRuntime;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinetic up}: runs everything in the foreground until Ctrl-C or {@code kinetic down}. */
@Command(
    name = "up",
    description = "Start the store, the broker, the gateway and the functions of the manifests.")
final class Up implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "The gateway's port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "Keep the broker's events in Kafka at BOOTSTRAP instead of in memory; 'embedded' starts a one-node KRaft Kafka in this process, its data under the state folder.")
  String kafka;

  @Option(names = "--clean", description = "Start from an empty state folder.")
  boolean clean;

  @Option(
      names = "--manifests",
      description = "Folder of Knative manifests (default: knative/manifests/base).")
  Path manifests;

  @Mixin Kinetic.StateOption state;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Path home = Kinetic.home();
    LocalRuntime runtime =
        LocalRuntime.start(
            new LocalRuntime.Options(
                home,
                manifests != null ? manifests : home.resolve("knative/manifests/base"),
                state.state(),
                port,
                kafka,
                clean));
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
    out.println("Kinetic is up.");
    out.printf("  gateway   %s%n", runtime.gatewayUri());
    for (URI broker : runtime.brokerUris()) {
      out.printf(
          "  broker    %s   (%s)%n",
          broker,
          runtime.kafkaBootstrap() == null ? "in memory" : "Kafka at " + runtime.kafkaBootstrap());
    }
    out.printf(
        "  store     %s   (S3 API, bucket %s, files under %s)%n",
        runtime.storeUri(), LocalRuntime.BUCKET, state.state().resolve("store"));
    for (Map.Entry<String, URI> function : runtime.functionUris().entrySet()) {
      out.printf("  function  %-12s %s%n", function.getKey(), function.getValue());
    }
    if (runtime.functionUris().isEmpty()) {
      out.println("  (no functions in the manifests yet)");
    }
    out.println(
        "Send an event:  ./kinetic send --type <type> --data '{...}'    Watch: ./kinetic events    Stop: Ctrl-C or ./kinetic down");
    out.flush();
    runtime.awaitStop();
    return 0;
  }
}
