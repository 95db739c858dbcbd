package dev.kinetic.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What terraform validate would catch first, checked without providers: every {@code var.x}, {@code
 * local.x} and {@code module.m.x} a configuration uses is declared, by itself or by the local
 * module it calls, and every infra output a platform stack reads is one its infra stack has.
 */
class ReferencesTest {

  private static final Pattern VARIABLE = Pattern.compile("\\bvar\\.([a-z0-9_]+)");
  private static final Pattern LOCAL = Pattern.compile("\\blocal\\.([a-z0-9_]+)");
  private static final Pattern MODULE_OUTPUT =
      Pattern.compile("\\bmodule\\.([a-z0-9_]+)\\.([a-z0-9_]+)");
  private static final Pattern INFRA_OUTPUT =
      Pattern.compile("data\\.terraform_remote_state\\.infra\\.outputs\\.([a-z0-9_]+)");

  static List<Path> configurations() {
    List<Path> all = new ArrayList<>(Modules.all());
    try (Stream<Path> stacks = Files.list(Modules.ROOT.resolve("envs"))) {
      stacks
          .sorted()
          .forEach(env -> all.addAll(List.of(env.resolve("infra"), env.resolve("platform"))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return all;
  }

  @ParameterizedTest
  @MethodSource("configurations")
  void everyReferenceIsDeclared(Path configuration) {
    Map<String, Object> parsed = Modules.parse(configuration);
    String text = code(configuration);

    assertThat(Modules.captured(VARIABLE, text))
        .as("variables %s uses", relative(configuration))
        .isSubsetOf(declared(parsed, "variable"));
    assertThat(Modules.captured(LOCAL, text))
        .as("locals %s uses", relative(configuration))
        .isSubsetOf(declared(parsed, "locals"));

    @SuppressWarnings("unchecked")
    Map<String, Object> calls = (Map<String, Object>) parsed.getOrDefault("module", Map.of());
    Matcher output = MODULE_OUTPUT.matcher(text);
    while (output.find()) {
      String name = output.group(1);
      assertThat(calls).as("%s calls module %s", relative(configuration), name).containsKey(name);
      String source = String.valueOf(((Map<?, ?>) calls.get(name)).get("source"));
      if (source.startsWith(".")) {
        Path called = configuration.resolve(source).normalize();
        assertThat(declared(Modules.parse(called), "output"))
            .as(
                "outputs of %s, as %s reads module.%s",
                relative(called), relative(configuration), name)
            .contains(output.group(2));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("configurations")
  void aPlatformStackReadsOnlyOutputsItsInfraStackHas(Path configuration) {
    Set<String> read = Modules.captured(INFRA_OUTPUT, code(configuration));
    if (read.isEmpty()) {
      return;
    }
    Path infra = configuration.resolveSibling("infra");
    assertThat(declared(Modules.parse(infra), "output"))
        .as("outputs of %s that %s reads", relative(infra), relative(configuration))
        .containsAll(read);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> declared(Map<String, Object> parsed, String block) {
    return new TreeSet<>(((Map<String, ?>) parsed.getOrDefault(block, Map.of())).keySet());
  }

  /** The configuration's *.tf text without comments, where a reference is only prose. */
  private static String code(Path configuration) {
    try (Stream<Path> files = Files.list(configuration)) {
      StringBuilder text = new StringBuilder();
      files
          .filter(f -> f.toString().endsWith(".tf"))
          .sorted()
          .forEach(f -> text.append(Modules.text(f).replaceAll("(?m)^\\s*#.*$", "")).append('\n'));
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String relative(Path path) {
    return Modules.ROOT.relativize(path).toString();
  }
}
