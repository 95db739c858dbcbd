package dev.kinetic.platform.store;

import java.time.Instant;

/** An object's key, ETag (as the store spells it, quotes included), size and last write. */
public record ObjectInfo(String key, String etag, long size, Instant lastModified) {}
