package dev.kinetic.local.manifest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import dev.kinetic.broker.DeliverySpec;
import dev.kinetic.broker.TriggerFilter;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Loads a folder of Knative manifests. */
public final class Manifests {

  static final String ORDER_ANNOTATION = "kafka.eventing.knative.dev/delivery.order";
  static final String COMMAND_ANNOTATION = "local.kinetic.dev/command";
  private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
  private static final Set<String> DIALECTS =
      Set.of("exact", "prefix", "suffix", "all", "any", "not", "cesql");
  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final List<String> problems = new ArrayList<>();
  private final List<BrokerManifest> brokers = new ArrayList<>();
  private final List<TriggerManifest> triggers = new ArrayList<>();
  private final List<ServiceManifest> services = new ArrayList<>();
  private final List<PingSourceManifest> pingSources = new ArrayList<>();
  private static final CronParser CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private Manifests() {}

  /**
   * Reads every {@code .yaml}/{@code .yml} file in {@code folder} but the kustomization.
   *
   * @throws ManifestException listing every problem, each with its file and resource
   */
  public static Topology load(Path folder) {
    Manifests manifests = new Manifests();
    try (Stream<Path> files = Files.list(folder)) {
      files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !f.getFileName().toString().startsWith("kustomization."))
          .sorted()
          .forEach(manifests::read);
    } catch (IOException e) {
      throw new UncheckedIOException("reading manifests in " + folder, e);
    }
    manifests.checkReferences();
    if (!manifests.problems.isEmpty()) {
      throw new ManifestException(manifests.problems);
    }
    return new Topology(
        List.copyOf(manifests.brokers),
        List.copyOf(manifests.triggers),
        List.copyOf(manifests.services),
        List.copyOf(manifests.pingSources));
  }

  private void read(Path file) {
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null
            || document.isNull()
            || document.isMissingNode()
            || document.isEmpty()) {
          continue;
        }
        String kind = document.path("kind").asString("");
        String where =
            file.getFileName()
                + " "
                + kind
                + " "
                + document.path("metadata").path("name").asString("?");
        try {
          switch (kind) {
            case "Broker" -> brokers.add(broker(document));
            case "Trigger" -> triggers.add(trigger(document, where));
            case "Service" -> {
              if (document.path("apiVersion").asString("").startsWith("serving.knative.dev/")) {
                services.add(service(document, where));
              }
            }
            case "PingSource" -> pingSources.add(pingSource(document));
            default -> {
              // Namespaces, other sources, config: nothing to run locally.
            }
          }
        } catch (IllegalArgumentException | DateTimeParseException e) {
          problems.add(where + ": " + e.getMessage());
        }
      }
    } catch (JacksonException e) {
      problems.add(file.getFileName() + ": not valid YAML: " + e.getOriginalMessage());
    }
  }

  private static String namespace(JsonNode document) {
    return document.path("metadata").path("namespace").asString("kinetic");
  }

  private static String name(JsonNode document) {
    String name = document.path("metadata").path("name").asString("");
    if (name.isBlank()) {
      throw new IllegalArgumentException("metadata.name is required");
    }
    return name;
  }

  private static PingSourceManifest pingSource(JsonNode document) {
    JsonNode spec = document.path("spec");
    String schedule = spec.path("schedule").asString("");
    try {
      CRON.parse(schedule).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "spec.schedule '" + schedule + "' is not a five-field cron schedule: " + e.getMessage());
    }
    String timezone = spec.path("timezone").asString("UTC");
    try {
      java.time.ZoneId.of(timezone);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("spec.timezone '" + timezone + "' is not a time zone");
    }
    JsonNode sink = spec.path("sink").path("ref");
    if (!sink.path("kind").asString("").equals("Broker")) {
      throw new IllegalArgumentException(
          "spec.sink.ref must be a Broker here, not " + sink.path("kind").asString("nothing"));
    }
    return new PingSourceManifest(
        namespace(document),
        name(document),
        schedule,
        timezone,
        spec.path("data").asString("{}"),
        sink.path("name").asString("default"));
  }

  private static BrokerManifest broker(JsonNode document) {
    JsonNode delivery = document.path("spec").path("delivery");
    return new BrokerManifest(
        namespace(document),
        name(document),
        delivery(delivery),
        destination(delivery.path("deadLetterSink")));
  }

  private TriggerManifest trigger(JsonNode document, String where) {
    JsonNode spec = document.path("spec");
    JsonNode delivery = spec.path("delivery");
    Destination subscriber = destination(spec.path("subscriber"));
    if (subscriber == null) {
      throw new IllegalArgumentException("spec.subscriber needs a ref to a Service or a uri");
    }
    String order =
        document.path("metadata").path("annotations").path(ORDER_ANNOTATION).asString("unordered");
    return new TriggerManifest(
        namespace(document),
        name(document),
        spec.path("broker").asString("default"),
        filter(spec, where),
        subscriber,
        delivery.isMissingNode() ? null : delivery(delivery),
        destination(delivery.path("deadLetterSink")),
        order.equals("ordered"));
  }

  private TriggerFilter filter(JsonNode spec, String where) {
    boolean legacy = spec.has("filter");
    boolean filters = spec.has("filters");
    if (legacy && filters) {
      throw new IllegalArgumentException("give spec.filter or spec.filters, not both");
    }
    if (filters) {
      List<TriggerFilter> all = new ArrayList<>();
      JsonNode items = spec.path("filters");
      for (int i = 0; i < items.size(); i++) {
        all.add(dialect(items.get(i), "spec.filters[" + i + "]", where));
      }
      return TriggerFilter.all(all);
    }
    if (legacy) {
      Map<String, String> attributes = strings(spec.path("filter").path("attributes"));
      checkTypes(attributes, false, where);
      return attributes.isEmpty() ? TriggerFilter.ALL_EVENTS : TriggerFilter.attributes(attributes);
    }
    return TriggerFilter.ALL_EVENTS;
  }

  private TriggerFilter dialect(JsonNode item, String at, String where) {
    List<String> dialects = new ArrayList<>();
    item.propertyNames().forEach(dialects::add);
    if (dialects.size() != 1 || !DIALECTS.contains(dialects.getFirst())) {
      throw new IllegalArgumentException(
          at
              + " has "
              + dialects
              + "; each item takes exactly one of exact, prefix, suffix, all, any, not");
    }
    String dialect = dialects.getFirst();
    JsonNode value = item.path(dialect);
    return switch (dialect) {
      case "exact" -> {
        Map<String, String> attributes = strings(value);
        checkTypes(attributes, false, where);
        yield TriggerFilter.exact(attributes);
      }
      case "prefix" -> {
        Map<String, String> attributes = strings(value);
        checkTypes(attributes, true, where);
        yield TriggerFilter.prefix(attributes);
      }
      case "suffix" -> TriggerFilter.suffix(strings(value));
      case "all", "any" -> {
        List<TriggerFilter> nested = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
          nested.add(dialect(value.get(i), at + "." + dialect + "[" + i + "]", where));
        }
        yield dialect.equals("all") ? TriggerFilter.all(nested) : TriggerFilter.any(nested);
      }
      case "not" -> TriggerFilter.not(dialect(value, at + ".not", where));
      default ->
          throw new IllegalArgumentException(
              at + ": cesql filters are not supported by the local runtime");
    };
  }

  /** A Kinetic event type in a filter must exist, or the Trigger would silently never fire. */
  private void checkTypes(Map<String, String> attributes, boolean prefix, String where) {
    String type = attributes.get("type");
    if (type == null || !type.startsWith("dev.kinetic.")) {
      return;
    }
    boolean known =
        Arrays.stream(EventType.values())
            .anyMatch(t -> prefix ? t.type().startsWith(type) : t.type().equals(type));
    if (!known) {
      problems.add(where + ": filter on type '" + type + "', which is not in the event catalog");
    }
  }

  private static Map<String, String> strings(JsonNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    node.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asString()));
    return values;
  }

  private static DeliverySpec delivery(JsonNode delivery) {
    if (delivery.isMissingNode() || delivery.isNull()) {
      return DeliverySpec.NONE;
    }
    String policy = delivery.path("backoffPolicy").asString("exponential");
    return new DeliverySpec(
        delivery.path("retry").asInt(0),
        switch (policy) {
          case "linear" -> DeliverySpec.BackoffPolicy.LINEAR;
          case "exponential" -> DeliverySpec.BackoffPolicy.EXPONENTIAL;
          default ->
              throw new IllegalArgumentException(
                  "backoffPolicy '" + policy + "' is neither linear nor exponential");
        },
        delivery.has("backoffDelay")
            ? Duration.parse(delivery.path("backoffDelay").asString())
            : null,
        delivery.has("timeout") ? Duration.parse(delivery.path("timeout").asString()) : null,
        null);
  }

  private static Destination destination(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.has("uri") && !node.has("ref")) {
      return Destination.uri(URI.create(node.path("uri").asString()));
    }
    JsonNode ref = node.path("ref");
    if (!ref.path("kind").asString("").equals("Service")) {
      throw new IllegalArgumentException(
          "a destination's ref must be a Knative Service, was "
              + ref.path("kind").asString("nothing"));
    }
    if (node.has("uri")) {
      URI path = URI.create(node.path("uri").asString());
      if (path.isAbsolute()) {
        throw new IllegalArgumentException(
            "a destination with a ref takes a relative uri (a path on the Service), was " + path);
      }
      return Destination.servicePath(ref.path("name").asString(), path);
    }
    return Destination.service(ref.path("name").asString());
  }

  private static ServiceManifest service(JsonNode document, String where) {
    JsonNode template = document.path("spec").path("template");
    JsonNode annotations = template.path("metadata").path("annotations");
    JsonNode container = template.path("spec").path("containers").path(0);
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, ServiceManifest.SecretKey> secretEnv = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
      if (secret.isMissingNode()) {
        env.put(variable.path("name").asString(), variable.path("value").asString(""));
      } else {
        secretEnv.put(
            variable.path("name").asString(),
            new ServiceManifest.SecretKey(
                secret.path("name").asString(), secret.path("key").asString()));
      }
    }
    List<String> command = List.of();
    if (annotations.has(COMMAND_ANNOTATION)) {
      command =
          Arrays.asList(
              Json.MAPPER.readValue(
                  annotations.path(COMMAND_ANNOTATION).asString(), String[].class));
    }
    Duration idle =
        goDuration(
                annotations.path("autoscaling.knative.dev/window").asString(null), DEFAULT_WINDOW)
            .plus(
                goDuration(
                    annotations
                        .path("autoscaling.knative.dev/scale-to-zero-pod-retention-period")
                        .asString(null),
                    Duration.ZERO));
    String readiness = container.path("readinessProbe").path("httpGet").path("path").asString(null);
    return new ServiceManifest(
        namespace(document),
        name(document),
        container.path("image").asString(""),
        command,
        env,
        Integer.parseInt(annotations.path("autoscaling.knative.dev/min-scale").asString("0")),
        idle,
        readiness,
        secretEnv);
  }

  /** Knative's annotations use Go durations: {@code 60s}, {@code 1m30s}, {@code 500ms}. */
  static Duration goDuration(String text, Duration absent) {
    if (text == null || text.isBlank()) {
      return absent;
    }
    Matcher matcher = GO_DURATION.matcher(text.trim());
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      double amount = Double.parseDouble(matcher.group(1));
      long millis =
          switch (matcher.group(2)) {
            case "ms" -> Math.round(amount);
            case "s" -> Math.round(amount * 1_000);
            case "m" -> Math.round(amount * 60_000);
            default -> Math.round(amount * 3_600_000);
          };
      total = total.plusMillis(millis);
      end = matcher.end();
    }
    if (end != text.trim().length() || end == 0) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 60s or 1m30s");
    }
    return total;
  }

  private void checkReferences() {
    Set<String> serviceNames = new HashSet<>();
    services.forEach(s -> serviceNames.add(s.name()));
    Set<String> brokerNames = new HashSet<>();
    brokers.forEach(b -> brokerNames.add(b.name()));
    for (TriggerManifest trigger : triggers) {
      String where = "Trigger " + trigger.name();
      if (!brokerNames.contains(trigger.broker())) {
        problems.add(where + ": broker '" + trigger.broker() + "' is not declared");
      }
      for (Destination destination :
          new Destination[] {trigger.subscriber(), trigger.deadLetterSink()}) {
        if (destination != null
            && destination.service() != null
            && !serviceNames.contains(destination.service())) {
          problems.add(where + ": Service '" + destination.service() + "' is not declared");
        }
      }
    }
    for (PingSourceManifest ping : pingSources) {
      if (!brokerNames.contains(ping.broker())) {
        problems.add(
            "PingSource " + ping.name() + ": broker '" + ping.broker() + "' is not declared");
      }
    }
    for (BrokerManifest broker : brokers) {
      Destination sink = broker.deadLetterSink();
      if (sink != null && sink.service() != null && !serviceNames.contains(sink.service())) {
        problems.add(
            "Broker "
                + broker.name()
                + ": dead-letter Service '"
                + sink.service()
                + "' is not declared");
      }
    }
  }
}
