package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code terraform test} on the modules that need no provider (the only ones it can run without the
 * registry), in a copy so that init leaves nothing in the tree.
 */
class TerraformTestsTest {

  static List<Path> modulesWithTests() {
    return Modules.all().stream().filter(m -> Files.isDirectory(m.resolve("tests"))).toList();
  }

  @ParameterizedTest
  @MethodSource("modulesWithTests")
  void passes(Path module, @TempDir Path work) throws IOException, InterruptedException {
    Assumptions.assumeTrue(
        TerraformFormatTest.onPath("terraform"),
        "terraform is not on the PATH: terraform test not run (the policy tests still run)");
    copy(module, work);

    String init = terraform(work, "init", "-backend=false", "-input=false", "-no-color");
    String test = terraform(work, "test", "-no-color");

    assertThat(test)
        .as("terraform test in %s (init said:%n%s)", module.getFileName(), init)
        .contains("Success!")
        .contains(" 0 failed");
  }

  @ParameterizedTest
  @MethodSource("modulesWithTests")
  void usesNoProvider(Path module) {
    assertThat(Modules.at(Modules.parse(module), "terraform"))
        .as("terraform test cannot fetch providers here")
        .doesNotContainKey("required_providers");
  }

  private static String terraform(Path directory, String... arguments)
      throws IOException, InterruptedException {
    ProcessBuilder command =
        new ProcessBuilder(Stream.concat(Stream.of("terraform"), Stream.of(arguments)).toList())
            .directory(directory.toFile())
            .redirectErrorStream(true);
    command.environment().put("CHECKPOINT_DISABLE", "1");
    command.environment().put("TF_IN_AUTOMATION", "1");
    Path noConfig = Files.createTempFile(directory, "terraformrc", "");
    command.environment().put("TF_CLI_CONFIG_FILE", noConfig.toString());
    Process process = command.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor())
        .as("terraform %s:%n%s", String.join(" ", arguments), output)
        .isZero();
    return output;
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (!file.toString().contains("/.terraform")) {
          Files.copy(file, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
