package dev.kinetic.local.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Option;

/** Which cluster a command talks to: a kube context, as kubectl names them. */
final class ClusterOptions {

  @Option(
      names = "--context",
      description = "The kube context (default: the current one of your kubeconfig).")
  String context;

  @Option(
      names = "--namespace",
      defaultValue = "kinetic",
      description = "Kinetic's namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  KubernetesClient connect() {
    return new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build();
  }
}
