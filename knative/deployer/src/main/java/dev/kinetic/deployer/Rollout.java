package dev.kinetic.deployer;

import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceStatus;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls a Knative Service's newest revision out by traffic split. {@code canary} gives the newest
 * Ready revision a share and tags it {@code canary}, the one serving now keeps the rest as {@code
 * stable}; each tag has its own URL, so either can be called directly. {@code promote} sends
 * everything to the canary and follows the latest revision again, keeping the old one reachable as
 * {@code previous}; {@code rollback} sends everything back to {@code stable}, keeping the canary
 * reachable for a look at what went wrong.
 */
public final class Rollout {

  static final String STABLE = "stable";
  static final String CANARY = "canary";
  static final String PREVIOUS = "previous";

  private final KnativeClient knative;
  private final PrintWriter out;

  public Rollout(KnativeClient knative, PrintWriter out) {
    this.knative = knative;
    this.out = out;
  }

  /** Sends {@code percent} of {@code name}'s traffic to its newest Ready revision. */
  public Service canary(String namespace, String name, int percent) {
    if (percent < 1 || percent > 99) {
      throw new IllegalArgumentException(
          "--canary takes the canary's share in percent, 1 to 99; got " + percent);
    }
    Service service = get(namespace, name);
    String candidate = latestReady(service);
    String stable =
        tagged(service, STABLE)
            .or(() -> serving(service).filter(revision -> !revision.equals(candidate)))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        name
                            + " has no revision serving besides "
                            + candidate
                            + ": deploy a new revision first, then give it a canary share"));
    if (stable.equals(candidate)) {
      throw new IllegalStateException(
          name
              + "'s newest revision "
              + candidate
              + " is the stable one: deploy a new revision first");
    }
    Service updated =
        setTraffic(
            namespace,
            name,
            List.of(pinned(STABLE, stable, 100 - percent), pinned(CANARY, candidate, percent)));
    out.printf(
        "%s: %d%% to %s (stable), %d%% to %s (canary)%n",
        name, 100 - percent, stable, percent, candidate);
    out.flush();
    return updated;
  }

  /** Makes the canary the whole of {@code name}'s traffic and follows the latest revision again. */
  public Service promote(String namespace, String name) {
    Service service = get(namespace, name);
    String canary =
        tagged(service, CANARY)
            .orElseThrow(() -> new IllegalStateException(name + " has no canary to promote"));
    String latest = latestReady(service);
    if (!canary.equals(latest)) {
      throw new IllegalStateException(
          name
              + " has a newer Ready revision ("
              + latest
              + ") than its canary ("
              + canary
              + "): promoting would send everything to a revision nobody tried; give "
              + latest
              + " a canary share first");
    }
    List<TrafficTarget> traffic =
        new ArrayList<>(
            List.of(new TrafficTargetBuilder().withLatestRevision(true).withPercent(100L).build()));
    tagged(service, STABLE).ifPresent(old -> traffic.add(pinned(PREVIOUS, old, 0)));
    Service updated = setTraffic(namespace, name, traffic);
    out.printf("%s: 100%% to %s, the latest revision from now on%n", name, canary);
    out.flush();
    return updated;
  }

  /** Sends all of {@code name}'s traffic back to the stable revision. */
  public Service rollback(String namespace, String name) {
    Service service = get(namespace, name);
    String stable =
        tagged(service, STABLE)
            .or(() -> tagged(service, PREVIOUS))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        name + " has no stable or previous revision to go back to"));
    List<TrafficTarget> traffic = new ArrayList<>(List.of(pinned(STABLE, stable, 100)));
    tagged(service, CANARY)
        .or(
            () ->
                Optional.ofNullable(service.getStatus())
                    .map(ServiceStatus::getLatestReadyRevisionName))
        .filter(revision -> !revision.equals(stable))
        .ifPresent(failed -> traffic.add(pinned(CANARY, failed, 0)));
    Service updated = setTraffic(namespace, name, traffic);
    out.printf("%s: 100%% back to %s%n", name, stable);
    out.flush();
    return updated;
  }

  private Service get(String namespace, String name) {
    Service service = knative.services().inNamespace(namespace).withName(name).get();
    if (service == null) {
      throw new IllegalArgumentException("there is no Knative Service " + namespace + "/" + name);
    }
    return service;
  }

  private static String latestReady(Service service) {
    return Optional.ofNullable(service.getStatus())
        .map(ServiceStatus::getLatestReadyRevisionName)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    service.getMetadata().getName() + " has no Ready revision yet"));
  }

  /** The revision the spec pins under {@code tag}. */
  private static Optional<String> tagged(Service service, String tag) {
    return Optional.ofNullable(service.getSpec().getTraffic()).orElse(List.of()).stream()
        .filter(target -> tag.equals(target.getTag()))
        .map(TrafficTarget::getRevisionName)
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** The revision that carries most of the traffic now, as the status reports it. */
  private static Optional<String> serving(Service service) {
    return Optional.ofNullable(service.getStatus())
        .map(ServiceStatus::getTraffic)
        .orElse(List.of())
        .stream()
        .filter(target -> target.getPercent() != null && target.getPercent() > 0)
        .max(Comparator.comparingLong(TrafficTarget::getPercent))
        .map(TrafficTarget::getRevisionName);
  }

  private static TrafficTarget pinned(String tag, String revision, int percent) {
    return new TrafficTargetBuilder()
        .withTag(tag)
        .withRevisionName(revision)
        .withLatestRevision(false)
        .withPercent((long) percent)
        .build();
  }

  private Service setTraffic(String namespace, String name, List<TrafficTarget> traffic) {
    return knative
        .services()
        .inNamespace(namespace)
        .withName(name)
        .edit(service -> service.edit().editSpec().withTraffic(traffic).endSpec().build());
  }
}
