package dev.kinetic.platform.store;

/**
 * An artefact's bytes do not hash to the SHA-256 recorded for them: it was corrupted or replaced.
 */
public class IntegrityException extends ObjectStoreException {

  private static final long serialVersionUID = 1L;

  public IntegrityException(String key, String expectedSha256, String actualSha256) {
    super(
        key + " is corrupt: its SHA-256 is " + actualSha256 + ", expected " + expectedSha256, null);
  }
}
