package dev.kinetic.platform.model;

import java.time.Instant;

/** What the champion alias says: which version serves, which it replaced, since when and why. */
public record ChampionAlias(
    String model, String version, String previousVersion, Instant since, String reason) {}
