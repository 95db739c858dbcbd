package dev.kinetic.local.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How the commands that talk to a running Kinetic find it. */
final class GatewayOptions {

  @Option(
      names = "--gateway",
      description = "The gateway URL (default: the one in the state's runtime.json).")
  URI gateway;

  @Mixin Kinetic.StateOption state;

  Path state() {
    return state.state();
  }

  GatewayClient client() {
    return GatewayClient.find(gateway, state());
  }
}
