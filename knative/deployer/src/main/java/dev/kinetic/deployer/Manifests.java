package dev.kinetic.deployer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The objects an overlay renders to, read into fabric8's Knative and Kubernetes model classes and
 * held to them strictly: the model keeps fields it does not know in {@code additionalProperties},
 * where a misspelt field would pass unnoticed until the cluster ignored or refused it.
 */
public final class Manifests {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Manifests() {}

  /** Renders {@code overlay} with {@code kubectl kustomize}. */
  public static String render(Path overlay) {
    if (!Files.isRegularFile(overlay.resolve("kustomization.yaml"))) {
      throw new IllegalArgumentException(
          overlay + " is not a kustomize overlay (no kustomization.yaml)");
    }
    ProcessBuilder kustomize =
        new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false);
    try {
      Process process = kustomize.start();
      byte[] errors;
      String rendered;
      try (var out = process.getInputStream();
          var err = process.getErrorStream()) {
        rendered = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        errors = err.readAllBytes();
      }
      if (process.waitFor() != 0) {
        throw new IllegalStateException(
            "kubectl kustomize "
                + overlay
                + " failed: "
                + new String(errors, StandardCharsets.UTF_8).strip());
      }
      return rendered;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run kubectl, which renders the overlay (kubectl kustomize): " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering " + overlay, e);
    }
  }

  /**
   * Reads rendered YAML into model objects, refusing kinds the models do not have and fields they
   * do not know, each named with its object and path.
   */
  public static List<HasMetadata> parse(String yaml) {
    Object parsed = SERIALIZATION.unmarshal(yaml);
    List<HasMetadata> objects = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      list.forEach(item -> objects.add((HasMetadata) item));
    } else if (parsed instanceof HasMetadata single) {
      objects.add(single);
    }
    List<String> problems = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof GenericKubernetesResource) {
        problems.add(
            name(object) + ": no model for " + object.getApiVersion() + " " + object.getKind());
        continue;
      }
      unknownFields(object).forEach(path -> problems.add(name(object) + ": unknown field " + path));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the manifests do not match the Knative, Kubernetes and Istio models:\n  "
              + String.join("\n  ", problems));
    }
    return objects;
  }

  /** {@code Kind namespace/name}, how objects are named in messages. */
  public static String name(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return object.getKind()
        + " "
        + (namespace == null ? "" : namespace + "/")
        + object.getMetadata().getName();
  }

  /** Paths of the fields in {@code model} that its classes do not declare. */
  static List<String> unknownFields(Object model) {
    List<String> unknown = new ArrayList<>();
    walk(model, "", unknown);
    return unknown;
  }

  private static void walk(Object node, String path, List<String> unknown) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", unknown);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> walk(value, path + "." + key, unknown));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value = invoke(getter, node);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra) {
          extra.keySet().forEach(key -> unknown.add(path + "." + key));
        }
      } else {
        walk(value, path + "." + field(getter.getName()), unknown);
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  private static String field(String getter) {
    String name = getter.substring(3);
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
