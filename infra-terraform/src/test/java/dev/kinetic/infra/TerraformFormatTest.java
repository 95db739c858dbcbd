package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TerraformFormatTest {

  static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  @Test
  void everyFileIsAsTerraformFmtWritesIt() throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        onPath("terraform"),
        "terraform is not on the PATH: formatting not checked (the policy tests still run)");
    ProcessBuilder fmt =
        new ProcessBuilder(
                "terraform", "fmt", "-check", "-recursive", "-diff", Modules.ROOT.toString())
            .redirectErrorStream(true);
    fmt.environment().put("CHECKPOINT_DISABLE", "1");
    Process process = fmt.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor())
        .as("terraform fmt -check -recursive (run terraform fmt -recursive to fix):%n%s", output)
        .isZero();
  }
}
