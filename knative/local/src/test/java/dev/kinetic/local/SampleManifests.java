package dev.kinetic.local;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Manifests for runtime and CLI tests. */
public final class SampleManifests {

  private SampleManifests() {}

  /** Manifests running {@link SampleFunction} twice: as "sample" and as "crashy". */
  public static void write(Path folder, Path received, URI deadLetterSink) throws IOException {
    Files.createDirectories(folder);
    String classes =
        Path.of(SampleFunction.class.getProtectionDomain().getCodeSource().getLocation().getPath())
            .toString();
    String command =
        Json.MAPPER.writeValueAsString(
            List.of("java", "-cp", classes, SampleFunction.class.getName()));
    String service =
        """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata: {name: %s, namespace: kinetic}
        spec:
          template:
            metadata:
              annotations:
                autoscaling.knative.dev/window: 1s
                local.kinetic.dev/command: '%s'
            spec:
              containers:
                - image: kinetic-sample
                  env:
                    - {name: SAMPLE_RECEIVED, value: '%s'}
                    - {name: SAMPLE_CRASH_ON, value: '%s'}
        """;
    String trigger =
        """
        apiVersion: eventing.knative.dev/v1
        kind: Trigger
        metadata: {name: %s, namespace: kinetic}
        spec:
          broker: default
          filters:
            - exact: {type: %s}
          subscriber: {ref: {apiVersion: serving.knative.dev/v1, kind: Service, name: %s}}
        """;
    Files.writeString(
        folder.resolve("broker.yaml"),
        """
        apiVersion: eventing.knative.dev/v1
        kind: Broker
        metadata: {name: default, namespace: kinetic}
        spec:
          delivery:
            retry: 2
            backoffPolicy: linear
            backoffDelay: PT0.1S
            deadLetterSink: {uri: '%s'}
        """
            .formatted(deadLetterSink));
    Files.writeString(
        folder.resolve("functions.yaml"),
        String.join(
            "---\n",
            service.formatted("sample", command, received, ""),
            service.formatted("crashy", command, received, EventType.MODEL_REJECTED.type()),
            trigger.formatted("sample-on-trained", EventType.MODEL_TRAINED.type(), "sample"),
            trigger.formatted("crashy-on-rejected", EventType.MODEL_REJECTED.type(), "crashy")));
  }
}
