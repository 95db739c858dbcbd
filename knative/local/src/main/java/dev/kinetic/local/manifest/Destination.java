package dev.kinetic.local.manifest;

import java.net.URI;

/**
 * Where events go: a Knative Service by name, a URI, or both as Knative allows, the URI then a path
 * relative to the Service's address.
 */
public record Destination(String service, URI uri) {

  public static Destination service(String name) {
    return new Destination(name, null);
  }

  public static Destination uri(URI uri) {
    return new Destination(null, uri);
  }

  /** {@code path} on the Service {@code name}. */
  public static Destination servicePath(String name, URI path) {
    return new Destination(name, path);
  }
}
