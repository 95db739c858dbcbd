package dev.kinetic.local.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Knative Service as the local runtime runs it.
 *
 * @param image the container image, which names the function whose jar runs locally
 * @param command the command that runs it locally, from the {@code local.kinetic.dev/command}
 *     annotation; empty for {@code java -jar} on the function's jar
 * @param minScale {@code autoscaling.knative.dev/min-scale}: 1 or more starts it at once
 * @param idleAfter how long without requests before it is stopped: the autoscaler's {@code window}
 *     plus {@code scale-to-zero-pod-retention-period}
 * @param readinessPath the readiness probe's HTTP path, or {@code null} to wait for the port
 * @param secretEnv variables whose value comes from a Secret ({@code valueFrom.secretKeyRef}): the
 *     name of each, and the Secret's name and key
 */
public record ServiceManifest(
    String namespace,
    String name,
    String image,
    List<String> command,
    Map<String, String> env,
    int minScale,
    Duration idleAfter,
    String readinessPath,
    Map<String, SecretKey> secretEnv) {

  /** A key of a Kubernetes Secret. */
  public record SecretKey(String secret, String key) {}
}
