package dev.kinetic.local.manifest;

/**
 * A Knative PingSource: on every {@code schedule} (standard five-field cron, in {@code timezone}),
 * an event of type {@code dev.knative.sources.ping} carrying {@code data} goes to a Broker.
 *
 * @param data the event's JSON data, as written in the manifest
 */
public record PingSourceManifest(
    String namespace, String name, String schedule, String timezone, String data, String broker) {

  /** The {@code source} attribute Knative gives the events of this PingSource. */
  public String source() {
    return "/apis/v1/namespaces/" + namespace + "/pingsources/" + name;
  }
}
