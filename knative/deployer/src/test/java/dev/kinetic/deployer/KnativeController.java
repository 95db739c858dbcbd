package dev.kinetic.deployer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Knative's controllers would do for a test's API server, where none runs: once a Knative
 * object exists, it reports Ready at its generation, and a Knative Service gets a URL.
 */
public final class KnativeController implements AutoCloseable {

  private final Thread thread;
  private volatile boolean running = true;

  public KnativeController(KubernetesClient client, List<HasMetadata> objects, String domain) {
    thread =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (running) {
                    objects.stream()
                        .filter(o -> o.getApiVersion().contains("knative.dev/"))
                        .forEach(o -> ready(client, o, domain));
                    pause();
                  }
                });
  }

  private static void ready(KubernetesClient client, HasMetadata object, String domain) {
    var resources =
        client
            .genericKubernetesResources(
                ResourceDefinitionContext.fromResourceType(object.getClass()))
            .inNamespace(object.getMetadata().getNamespace());
    GenericKubernetesResource live = resources.withName(object.getMetadata().getName()).get();
    if (live == null) {
      return;
    }
    Long generation = live.getMetadata().getGeneration();
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("observedGeneration", generation);
    status.put("conditions", List.of(Map.of("type", "Ready", "status", "True")));
    if (object.getKind().equals("Service")) {
      status.put(
          "url",
          "http://"
              + object.getMetadata().getName()
              + "."
              + object.getMetadata().getNamespace()
              + "."
              + domain);
    }
    if (!status.equals(live.get("status"))) {
      live.setAdditionalProperty("status", status);
      resources.resource(live).update();
    }
  }

  private void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
