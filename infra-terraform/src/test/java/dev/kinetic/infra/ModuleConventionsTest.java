package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every module owes its reader and its caller. */
class ModuleConventionsTest {

  static List<Path> modules() {
    return Modules.all();
  }

  @ParameterizedTest
  @MethodSource("modules")
  void hasItsFiveFiles(Path module) {
    for (String file :
        List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")) {
      assertThat(module.resolve(file)).as(module.getFileName() + "/" + file).isRegularFile();
    }
  }

  @ParameterizedTest
  @MethodSource("modules")
  void describesAndDocumentsEveryVariableAndOutput(Path module) {
    Map<String, Object> parsed = Modules.parse(module);
    String readme = Modules.text(module.resolve("README.md"));
    for (String block : List.of("variable", "output")) {
      Map<String, Object> declared = Modules.at(parsed, block);
      assertThat(declared).as(block + "s of " + module.getFileName()).isNotEmpty();
      declared.forEach(
          (name, body) -> {
            Object description = ((Map<?, ?>) body).get("description");
            assertThat(description)
                .as("%s %s in %s has a description", block, name, module.getFileName())
                .isInstanceOf(String.class);
            assertThat((String) description).isNotBlank();
            assertThat(readme)
                .as("%s/README.md lists %s %s", module.getFileName(), block, name)
                .contains("`" + name + "`");
          });
    }
  }

  @ParameterizedTest
  @MethodSource("modules")
  void pinsTerraformAndEveryProviderAndModule(Path module) {
    Map<String, Object> parsed = Modules.parse(module);
    Map<String, Object> terraform = Modules.at(parsed, "terraform");
    assertThat(terraform.get("required_version")).as("required_version").isNotNull();
    // A module without providers (knative-config) has no required_providers.
    ((Map<?, ?>) terraform.getOrDefault("required_providers", Map.of()))
        .forEach(
            (name, provider) -> {
              assertThat(((Map<?, ?>) provider).get("source")).as(name + " source").isNotNull();
              assertThat(((Map<?, ?>) provider).get("version")).as(name + " version").isNotNull();
            });
    Object modules = parsed.get("module");
    if (modules instanceof Map<?, ?> calls) {
      calls.forEach(
          (name, call) -> {
            String source = String.valueOf(((Map<?, ?>) call).get("source"));
            if (!source.startsWith("./") && !source.startsWith("../")) {
              assertThat(((Map<?, ?>) call).get("version"))
                  .as("module %s from the registry is pinned", name)
                  .isNotNull();
            }
          });
    }
  }

  @ParameterizedTest
  @MethodSource("modules")
  void pinsEveryHelmChart(Path module) {
    Object releases = Modules.parse(module).getOrDefault("resource", Map.of());
    Object helm = ((Map<?, ?>) releases).get("helm_release");
    if (helm instanceof Map<?, ?> charts) {
      charts.forEach(
          (name, release) ->
              assertThat(((Map<?, ?>) release).containsKey("version"))
                  .as("helm_release %s in %s has a version", name, module.getFileName())
                  .isTrue());
    }
  }
}
