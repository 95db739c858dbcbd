package dev.kinetic.local.cli;

import dev.kinetic.local.LocalRuntime;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code kinetic down}: stops the running runtime and everything it started. */
@Command(name = "down", description = "Stop everything ./kinetic up started.")
final class Down implements Callable<Integer> {

  @Mixin GatewayOptions target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    GatewayClient client = target.client();
    client.send(
        client.request("/_kinetic/shutdown").POST(HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.discarding());
    for (int i = 0; i < 300 && Files.exists(LocalRuntime.runtimeFile(target.state())); i++) {
      Thread.sleep(100);
    }
    spec.commandLine().getOut().println("Kinetic is down.");
    return 0;
  }
}
