package dev.kinetic.local.manifest;

import java.net.URI;

/** Where events go: a Knative Service by name, or a URI. Exactly one is set. */
public record Destination(String service, URI uri) {

  public static Destination service(String name) {
    return new Destination(name, null);
  }

  public static Destination uri(URI uri) {
    return new Destination(null, uri);
  }
}
