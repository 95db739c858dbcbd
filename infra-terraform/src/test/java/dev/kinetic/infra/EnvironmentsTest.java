package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The dev and prod stacks: remote state with locking, local modules, and the sizes they claim. */
class EnvironmentsTest {

  static Path stack(String env, String stack) {
    return Modules.ROOT.resolve("envs").resolve(env).resolve(stack);
  }

  @ParameterizedTest
  @CsvSource({"dev,infra", "dev,platform", "prod,infra", "prod,platform"})
  void keepsItsStateInS3WithALockAndUsesOnlyThisRepositorysModules(String env, String name) {
    Map<String, Object> stack = Modules.parse(stack(env, name));
    Map<String, Object> terraform = Modules.at(stack, "terraform");
    assertThat(terraform.get("required_version")).isNotNull();
    assertThat(Modules.at(terraform, "backend", "s3"))
        .containsEntry("key", env + "/" + name + ".tfstate")
        .containsEntry("encrypt", true)
        .containsEntry("use_lockfile", true);
    Modules.at(stack, "module")
        .forEach(
            (module, call) -> {
              String source = String.valueOf(((Map<?, ?>) call).get("source"));
              assertThat(source).as(module).startsWith("../../../modules/");
              assertThat(stack(env, name).resolve(source).normalize()).as(module).isDirectory();
            });
    for (String block : List.of("variable", "output")) {
      Modules.at(stack, block)
          .forEach(
              (declared, body) ->
                  assertThat(((Map<?, ?>) body).get("description"))
                      .as("%s %s in %s/%s", block, declared, env, name)
                      .isInstanceOf(String.class));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void handsOverWhatKineticDeployNeeds(String env) {
    assertThat(Modules.at(Modules.parse(stack(env, "infra")), "output"))
        .containsKeys(
            "cluster_name",
            "bucket",
            "kms_key_arn",
            "role_arns",
            "oidc_issuer_url",
            "kafka_bootstrap",
            "image_registry");
    assertThat(Modules.at(Modules.parse(stack(env, "platform")), "output"))
        .containsKeys("otlp_endpoint", "grafana", "ingress_class");
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void sizesEachEnvironmentForItsUse(String env) {
    Map<String, Object> sizes =
        Modules.at(Modules.parse(stack(env, "infra")), "module", "environment");
    if (env.equals("dev")) {
      assertThat(sizes).containsEntry("single_nat_gateway", true);
      assertThat((Double) sizes.get("system_min_size")).isEqualTo(1.0);
    } else {
      assertThat(sizes).containsEntry("single_nat_gateway", false);
      assertThat((List<?>) sizes.get("azs")).hasSizeGreaterThanOrEqualTo(3);
      assertThat((Double) sizes.get("system_min_size")).isGreaterThanOrEqualTo(3.0);
      assertThat(sizes).containsEntry("endpoint_public_access", false);
    }
  }
}
