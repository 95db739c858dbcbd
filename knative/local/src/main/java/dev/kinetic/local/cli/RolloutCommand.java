package dev.kinetic.local.cli;

import dev.kinetic.deployer.Rollout;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kinetic rollout}: moves a Knative Service's traffic between its revisions. */
@Command(
    name = "rollout",
    description = {
      "Roll a Service's newest revision out by traffic split: a canary share, then promote or"
          + " roll back. The revisions are tagged stable and canary, each with its own URL.",
      "Example: ./kinetic rollout inference --canary 10, then --promote or --rollback"
    })
final class RolloutCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "The Knative Service, e.g. inference.")
  String service;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Step step;

  static final class Step {
    @Option(
        names = "--canary",
        description = "Send this percentage (1-99) to the newest Ready revision.")
    Integer canary;

    @Option(names = "--promote", description = "Send everything to the canary.")
    boolean promote;

    @Option(names = "--rollback", description = "Send everything back to the stable revision.")
    boolean rollback;
  }

  @Mixin ClusterOptions cluster;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (KubernetesClient client = cluster.connect()) {
      Rollout rollout = new Rollout(client.adapt(KnativeClient.class), spec.commandLine().getOut());
      if (step.canary != null) {
        rollout.canary(cluster.namespace, service, step.canary);
      } else if (step.promote) {
        rollout.promote(cluster.namespace, service);
      } else {
        rollout.rollback(cluster.namespace, service);
      }
    }
    return 0;
  }
}
