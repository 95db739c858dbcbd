package dev.kinetic.infra;

import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The Knative overlays' YAML, which the cluster's Terraform must agree with. */
final class Overlays {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  static final Path ROOT = Modules.ROOT.resolveSibling("knative/manifests/overlays");

  private Overlays() {}

  /** The documents of {@code file} (relative to the overlays). */
  static List<JsonNode> documents(String file) {
    return YAML.readValues(YAML.createParser(Modules.text(ROOT.resolve(file))), JsonNode.class)
        .readAll();
  }

  /** The one document of {@code file} of {@code kind} named {@code name}. */
  static JsonNode find(String file, String kind, String namespace, String name) {
    return documents(file).stream()
        .filter(d -> d.path("kind").asString().equals(kind))
        .filter(d -> d.path("metadata").path("namespace").asString().equals(namespace))
        .filter(d -> d.path("metadata").path("name").asString().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + kind + " " + namespace + "/" + name + " in " + file));
  }
}
