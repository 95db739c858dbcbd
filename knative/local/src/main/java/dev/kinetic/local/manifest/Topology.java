package dev.kinetic.local.manifest;

import java.util.List;

/** Everything the manifests declare. */
public record Topology(
    List<BrokerManifest> brokers,
    List<TriggerManifest> triggers,
    List<ServiceManifest> services,
    List<PingSourceManifest> pingSources) {}
