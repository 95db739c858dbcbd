package dev.kinetic.platform.model;

/** The champion alias as read, with the ETag a compare-and-set must present to move it. */
public record Champion(ChampionAlias alias, String etag) {

  public String version() {
    return alias.version();
  }
}
