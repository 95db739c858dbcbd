package dev.kinetic.local.manifest;

import java.util.List;

/** Manifests the runtime cannot run, with every problem found and where. */
public class ManifestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ManifestException(List<String> problems) {
    super("invalid manifests:\n  " + String.join("\n  ", problems));
  }
}
