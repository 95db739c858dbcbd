package dev.kinetic.deployer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies rendered objects to a cluster, server-side, in an order that lets each find what it
 * names, then waits until every Knative object says Ready, printing what each is waiting for.
 */
public final class Deployer {

  /** The field manager of what {@code kinetic deploy} applies. */
  public static final String FIELD_MANAGER = "kinetic";

  /** Applied first to last: what others name comes before them. */
  private static final List<String> ORDER =
      List.of(
          "Namespace",
          "ServiceAccount",
          "ConfigMap",
          "Secret",
          "NetworkPolicy",
          "PeerAuthentication",
          "AuthorizationPolicy",
          "Service",
          "Broker",
          "Trigger",
          "SinkBinding",
          "PingSource",
          "KafkaSource");

  private final KubernetesClient client;
  private final PrintWriter out;
  private final Clock clock;
  private final Duration poll;

  public Deployer(KubernetesClient client, PrintWriter out, Clock clock, Duration poll) {
    this.client = client;
    this.out = out;
    this.clock = clock;
    this.poll = poll;
  }

  /** Server-side applies {@code objects} as {@value #FIELD_MANAGER}, taking over conflicts. */
  public void apply(List<HasMetadata> objects) {
    for (HasMetadata object : ordered(objects)) {
      client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      out.println("applied " + Manifests.name(object));
    }
    out.flush();
  }

  /**
   * Waits until every Knative object among {@code objects} is Ready at its latest generation, and
   * returns each Knative Service's URL by name.
   *
   * @throws IllegalStateException at {@code timeout}, naming what is not Ready and why
   */
  public Map<String, String> awaitReady(List<HasMetadata> objects, Duration timeout) {
    List<HasMetadata> waiting =
        ordered(objects).stream().filter(Deployer::reportsReadiness).toList();
    Instant deadline = clock.instant().plus(timeout);
    Map<String, String> reported = new LinkedHashMap<>();
    Map<String, String> urls = new LinkedHashMap<>();
    while (true) {
      List<String> notReady = new ArrayList<>();
      for (HasMetadata object : waiting) {
        HasMetadata live = client.resource(object).get();
        Readiness readiness = Readiness.of(live);
        String name = Manifests.name(object);
        if (!readiness.describe().equals(reported.get(name))) {
          out.println(name + ": " + readiness.describe());
          out.flush();
          reported.put(name, readiness.describe());
        }
        if (readiness.ready()) {
          readiness.url().ifPresent(url -> urls.put(object.getMetadata().getName(), url));
        } else {
          notReady.add(name + " (" + readiness.describe() + ")");
        }
      }
      if (notReady.isEmpty()) {
        return urls;
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new IllegalStateException(
            "not Ready after " + timeout + ":\n  " + String.join("\n  ", notReady));
      }
      sleep();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Ready", e);
    }
  }

  /** {@code objects} in the order they are applied. */
  public static List<HasMetadata> ordered(List<HasMetadata> objects) {
    return objects.stream()
        .sorted(
            Comparator.comparingInt(
                (HasMetadata o) -> {
                  int rank = ORDER.indexOf(o.getKind());
                  return rank < 0 ? ORDER.size() : rank;
                }))
        .toList();
  }

  /** Knative objects report Ready in their status; Kubernetes' own kinds here do not. */
  private static boolean reportsReadiness(HasMetadata object) {
    return object.getApiVersion().contains("knative.dev/");
  }

  /** An object's Ready condition, read from the status every Knative kind shares. */
  record Readiness(boolean ready, String describe, Optional<String> url) {

    static Readiness of(HasMetadata live) {
      if (live == null) {
        return new Readiness(false, "not found", Optional.empty());
      }
      Object status = property(live, "getStatus");
      if (status == null) {
        return new Readiness(false, "no status yet", Optional.empty());
      }
      Long observed = (Long) property(status, "getObservedGeneration");
      Long generation = live.getMetadata().getGeneration();
      if (generation != null && (observed == null || observed < generation)) {
        return new Readiness(
            false, "generation " + generation + " not observed yet", Optional.empty());
      }
      Object conditions = property(status, "getConditions");
      if (conditions instanceof List<?> list) {
        for (Object condition : list) {
          if ("Ready".equals(property(condition, "getType"))) {
            String state = String.valueOf(property(condition, "getStatus"));
            Optional<String> url = Optional.ofNullable((String) property(status, "getUrl"));
            if ("True".equals(state)) {
              return new Readiness(true, "Ready" + url.map(u -> " at " + u).orElse(""), url);
            }
            return new Readiness(
                false,
                ("False".equals(state) ? "not Ready" : "Ready " + state) + reason(condition),
                Optional.empty());
          }
        }
      }
      return new Readiness(false, "no Ready condition yet", Optional.empty());
    }

    private static String reason(Object condition) {
      String reason = (String) property(condition, "getReason");
      String message = (String) property(condition, "getMessage");
      return (reason == null ? "" : ": " + reason)
          + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    private static Object property(Object target, String getter) {
      try {
        Method method = target.getClass().getMethod(getter);
        return method.invoke(target);
      } catch (ReflectiveOperationException e) {
        return null;
      }
    }
  }
}
