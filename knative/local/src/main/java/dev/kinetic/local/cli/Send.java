package dev.kinetic.local.cli;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** {@code kinetic send}: posts one CloudEvent to a broker through the gateway. */
@Command(name = "send", description = "Post a CloudEvent to the broker.")
final class Send implements Callable<Integer> {

  @Option(
      names = "--type",
      required = true,
      description = "The event type, e.g. dev.kinetic.data.submitted.v1.")
  String type;

  // Not under /kinetic/, which names Kinetic's functions: their events may carry fields a
  // receiver does not know yet, while a field typed here that the schema lacks must be refused.
  @Option(
      names = "--source",
      defaultValue = "/cli",
      description = "The event source (default: ${DEFAULT-VALUE}).")
  URI source;

  @Option(names = "--id", description = "The event id (default: a new UUID).")
  String id;

  @Option(
      names = "--data",
      required = true,
      description = "The data: JSON, or @file to read it from a file.")
  String data;

  @Option(
      names = "--extension",
      paramLabel = "NAME=VALUE",
      description = "An extension attribute; repeatable.")
  Map<String, String> extensions = Map.of();

  @Option(
      names = "--structured",
      description = "Send in structured mode (application/cloudevents+json) instead of binary.")
  boolean structured;

  @Mixin BrokerTarget target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    byte[] body =
        data.startsWith("@")
            ? Files.readAllBytes(Path.of(data.substring(1)))
            : data.getBytes(StandardCharsets.UTF_8);
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw new ParameterException(
          spec.commandLine(), "--data is not JSON: " + e.getOriginalMessage());
    }
    CloudEventBuilder event =
        CloudEventBuilder.v1()
            .withId(id != null ? id : UUID.randomUUID().toString())
            .withSource(source)
            .withType(type)
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withData("application/json", body);
    EventType.of(type).flatMap(EventType::dataSchema).ifPresent(event::withDataSchema);
    if (json.path("model").isString()) {
      event.withExtension(Extensions.MODEL, json.path("model").asString());
      event.withExtension(Extensions.PARTITION_KEY, json.path("model").asString());
    }
    extensions.forEach(event::withExtension);
    CloudEvent built = event.build();
    URI broker =
        target.publish(
            built,
            structured ? HttpCodec.Mode.STRUCTURED : HttpCodec.Mode.BINARY,
            spec.commandLine().getErr());
    if (broker == null) {
      return 1;
    }
    spec.commandLine().getOut().printf("accepted %s (%s) by %s%n", built.getId(), type, broker);
    return 0;
  }
}
