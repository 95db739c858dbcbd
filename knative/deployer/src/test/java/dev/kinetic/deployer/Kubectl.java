package dev.kinetic.deployer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;

/** Tests that render overlays need {@code kubectl kustomize}. */
public final class Kubectl {

  /** The overlays, seen from a module under {@code knative/}. */
  public static final Path OVERLAYS = Path.of("../manifests/overlays").toAbsolutePath().normalize();

  private Kubectl() {}

  /** Skips the test, saying why, where kubectl is not on the PATH. */
  public static void assumeOnPath() {
    Assumptions.assumeTrue(
        Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl"))),
        "kubectl is not on the PATH: the overlays cannot be rendered here");
  }
}
