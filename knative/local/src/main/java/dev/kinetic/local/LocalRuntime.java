package dev.kinetic.local;

import dev.kinetic.broker.Broker;
import dev.kinetic.broker.BrokerIngress;
import dev.kinetic.broker.DeliverySpec;
import dev.kinetic.broker.EventLog;
import dev.kinetic.broker.InMemoryEventLog;
import dev.kinetic.broker.KafkaEventLog;
import dev.kinetic.broker.Trigger;
import dev.kinetic.broker.TriggerStats;
import dev.kinetic.contracts.Json;
import dev.kinetic.local.manifest.BrokerManifest;
import dev.kinetic.local.manifest.Destination;
import dev.kinetic.local.manifest.Manifests;
import dev.kinetic.local.manifest.PingSourceManifest;
import dev.kinetic.local.manifest.ServiceManifest;
import dev.kinetic.local.manifest.Topology;
import dev.kinetic.local.manifest.TriggerManifest;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.EmbeddedS3;
import dev.kinetic.platform.store.S3ObjectStore;
import dev.kinetic.platform.store.S3Settings;
import dev.kinetic.platform.telemetry.Telemetry;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kinetic on one machine: the embedded S3 store, the brokers and Triggers of the manifests, the
 * gateway, and each Knative Service as a local process that scales from zero. State lives under one
 * folder ({@code .kinetic/}): the store's files, each function's log, and {@code runtime.json}
 * telling the CLI where the gateway is.
 */
public final class LocalRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);

  /** The bucket every function uses. */
  public static final String BUCKET = "kinetic";

  /** The {@code --kafka} value that starts Kafka in this process. */
  public static final String EMBEDDED = "embedded";

  /**
   * How to run.
   *
   * @param repository the checkout, where function jars are found
   * @param manifests the folder of Knative manifests to run
   * @param state where the store, logs and runtime.json live
   * @param port the gateway's port; 0 picks a free one
   * @param kafka a Kafka bootstrap address for the broker's log, {@code embedded} for a Kafka
   *     started in this process (data under the state folder), or {@code null} for memory
   * @param clean whether to start from an empty state folder
   */
  public record Options(
      Path repository, Path manifests, Path state, int port, String kafka, boolean clean) {}

  private final Options options;
  private final EmbeddedS3 s3;
  private final EmbeddedKafka embeddedKafka;
  private final String kafka;
  private final Telemetry telemetry = Telemetry.start("kinetic-local");
  private final Map<String, LocalService> services = new LinkedHashMap<>();
  private final List<Broker> brokers = new ArrayList<>();
  private final EventStream events = new EventStream();
  private final Gateway gateway;
  private final ScheduledExecutorService reaper =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final LocalSecrets secrets;
  private final DevIssuer issuer;
  private final PingSchedule pings = new PingSchedule();
  private final List<Consumer<CloudEvent>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean wroteRuntimeFile;

  private LocalRuntime(Options options, Topology topology) {
    this.options = options;
    this.secrets = new LocalSecrets(options.state().resolve("secrets"));
    this.issuer = DevIssuer.open(options.state());
    this.s3 = EmbeddedS3.start(options.state().resolve("store"));
    try {
      this.embeddedKafka =
          EMBEDDED.equals(options.kafka()) ? startKafka(options.state().resolve("kafka")) : null;
    } catch (RuntimeException e) {
      s3.close();
      throw e;
    }
    this.kafka = embeddedKafka != null ? embeddedKafka.bootstrapServers() : options.kafka();
    try {
      try (S3ObjectStore store = S3ObjectStore.connect(s3.settings(BUCKET))) {
        store.ensureBucket();
        storeExampleSpecs(store);
      }
      gateway =
          new Gateway(
              options.port(),
              services,
              new Gateway.Control(this::status, events, this::close, issuer.jwks()));
      for (ServiceManifest service : topology.services()) {
        services.put(
            service.name(),
            new LocalService(
                service,
                command(service),
                environment(service),
                options.state().resolve("logs").resolve(service.name() + ".log")));
      }
      for (BrokerManifest manifest : topology.brokers()) {
        brokers.add(broker(manifest, topology.triggers()));
      }
      gateway.mount(new BrokerIngress(brokers));
      brokers.forEach(Broker::start);
      for (PingSourceManifest ping : topology.pingSources()) {
        brokers.stream()
            .filter(b -> b.name().equals(ping.broker()) && b.namespace().equals(ping.namespace()))
            .findFirst()
            .ifPresent(broker -> pings.start(ping, broker));
      }
      gateway.start();
      reaper.scheduleWithFixedDelay(
          () -> services.values().forEach(s -> s.stopIfIdle(Instant.now())),
          250,
          250,
          TimeUnit.MILLISECONDS);
      services.values().stream()
          .filter(s -> s.manifest().minScale() > 0)
          .forEach(LocalService::ensureRunning);
      writeRuntimeFile();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts everything the manifests declare.
   *
   * @throws dev.kinetic.local.manifest.ManifestException if the manifests are invalid; nothing was
   *     started
   * @throws IllegalStateException if the port is taken or a function jar is missing
   */
  public static LocalRuntime start(Options options) {
    Topology topology = Manifests.load(options.manifests());
    runningPid(options.state())
        .ifPresent(
            pid -> {
              throw new IllegalStateException(
                  "Kinetic is already running from "
                      + options.state()
                      + " (pid "
                      + pid
                      + "): ./kinetic down stops it");
            });
    if (options.clean()) {
      deleteRecursively(options.state());
    }
    try {
      Files.createDirectories(options.state());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + options.state(), e);
    }
    List<String> missing = new ArrayList<>();
    for (ServiceManifest service : topology.services()) {
      if (service.command().isEmpty()
          && !Files.isRegularFile(jarOf(options.repository(), service))) {
        missing.add(
            service.name()
                + ": "
                + options
                    .repository()
                    .relativize(jarOf(options.repository(), service).toAbsolutePath()));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "function jars are missing (build them with ./mvnw package -DskipTests):\n  "
              + String.join("\n  ", missing));
    }
    return new LocalRuntime(options, topology);
  }

  private static EmbeddedKafka startKafka(Path directory) {
    deleteRecursively(directory);
    return EmbeddedKafka.start(directory);
  }

  /**
   * Kills {@code function}'s process without warning, as a crash would; the next event or request
   * starts it again.
   */
  public void kill(String function) throws InterruptedException {
    LocalService service = services.get(function);
    if (service == null) {
      throw new IllegalArgumentException("no function '" + function + "'");
    }
    service.kill();
  }

  /** Calls {@code listener} with every event a broker accepts, on the broker's thread. */
  public void onEvent(Consumer<CloudEvent> listener) {
    listeners.add(listener);
  }

  /** The Kafka the brokers use, or {@code null} when they keep events in memory. */
  public String kafkaBootstrap() {
    return kafka;
  }

  private Broker broker(BrokerManifest manifest, List<TriggerManifest> triggers) {
    EventLog eventLog =
        kafka == null
            ? new InMemoryEventLog()
            : new KafkaEventLog(kafka, manifest.namespace(), manifest.name(), 4);
    Broker.Builder builder =
        Broker.builder(manifest.namespace(), manifest.name())
            .eventLog(eventLog)
            .delivery(withSink(manifest.delivery(), manifest.deadLetterSink()))
            .credentials(issuer::deliveryToken)
            .listener(
                event -> {
                  events.publish(event);
                  listeners.forEach(listener -> listener.accept(event));
                })
            .openTelemetry(telemetry.openTelemetry());
    for (TriggerManifest trigger : triggers) {
      if (trigger.broker().equals(manifest.name())
          && trigger.namespace().equals(manifest.namespace())) {
        DeliverySpec delivery =
            trigger.delivery() == null
                ? null
                : withSink(trigger.delivery(), trigger.deadLetterSink());
        builder.trigger(
            new Trigger(
                trigger.name(),
                trigger.filter(),
                resolve(trigger.subscriber()),
                delivery,
                trigger.ordered()));
      }
    }
    return builder.build();
  }

  private DeliverySpec withSink(DeliverySpec delivery, Destination sink) {
    return sink == null ? delivery : delivery.withDeadLetterSink(resolve(sink));
  }

  private URI resolve(Destination destination) {
    if (destination.service() == null) {
      return destination.uri();
    }
    URI service = gateway.functionUri(destination.service());
    return destination.uri() == null
        ? service
        : service.resolve(destination.uri().getPath().replaceFirst("^/", ""));
  }

  /**
   * Puts every model spec in {@code examples/} into the bucket, where the functions look for them,
   * so the examples work on a fresh {@code up}. A spec already there is replaced by the file.
   */
  private void storeExampleSpecs(S3ObjectStore store) {
    Path examples = options.repository().resolve("examples");
    if (!Files.isDirectory(examples)) {
      return;
    }
    SpecStore specs = new SpecStore(store);
    try (var files = Files.list(examples)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        ModelSpec spec = specs.put(Files.readString(file), file.toString());
        log.info("model spec {} from {}", spec.name(), file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the example specs in " + examples, e);
    }
  }

  /**
   * The jar a Service's image names: {@code .../kinetic-ingest:tag} is {@code
   * functions/ingest/target/kinetic-ingest-exec.jar}.
   */
  static Path jarOf(Path repository, ServiceManifest service) {
    String image = service.image();
    String last = image.substring(image.lastIndexOf('/') + 1);
    String function = last.replaceFirst("[:@].*$", "").replaceFirst("^kinetic-", "");
    return repository
        .resolve("functions")
        .resolve(function)
        .resolve("target")
        .resolve("kinetic-" + function + "-exec.jar");
  }

  private List<String> command(ServiceManifest service) {
    String java = ProcessHandle.current().info().command().orElse("java");
    if (service.command().isEmpty()) {
      return AotCache.command(java, jarOf(options.repository(), service).toAbsolutePath());
    }
    List<String> command = new ArrayList<>(service.command());
    if (command.getFirst().equals("java")) {
      command.set(0, java);
    }
    return command;
  }

  private Map<String, String> environment(ServiceManifest service) {
    S3Settings store = s3.settings(BUCKET);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("K_SERVICE", service.name());
    env.put("K_CONFIGURATION", service.name());
    env.put("K_REVISION", service.name() + "-00001");
    env.put("K_SINK", gateway.uri().resolve("/" + service.namespace() + "/default").toString());
    env.put(S3Settings.ENDPOINT, store.endpoint().toString());
    env.put(S3Settings.BUCKET, BUCKET);
    env.put(S3Settings.PATH_STYLE, "true");
    env.put(S3Settings.REGION, store.region());
    env.put("AWS_ACCESS_KEY_ID", store.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", store.secretAccessKey());
    env.put(
        "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI",
        gateway.uri().resolve(DevIssuer.JWKS_PATH).toString());
    env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", DevIssuer.ISSUER);
    env.putAll(service.env());
    service.secretEnv().forEach((name, secret) -> env.put(name, secrets.value(secret)));
    return env;
  }

  /**
   * The environment a process of {@code service} gets here: its Knative variables, the store, the
   * token issuer, and what its manifest sets.
   */
  public Map<String, String> environmentOf(String service) {
    LocalService running = services.get(service);
    if (running == null) {
      throw new IllegalArgumentException("no function '" + service + "'");
    }
    return environment(running.manifest());
  }

  /** A token from the dev issuer with {@code scopes}, valid for an hour. */
  public String token(String... scopes) {
    return issuer.token("dev", Duration.ofHours(1), List.of(scopes));
  }

  public URI gatewayUri() {
    return gateway.uri();
  }

  public URI storeUri() {
    return s3.endpoint();
  }

  /** How to reach the store's bucket, as the functions do. */
  public S3Settings storeSettings() {
    return s3.settings(BUCKET);
  }

  public List<URI> brokerUris() {
    return brokers.stream().map(b -> gateway.uri().resolve(b.path())).toList();
  }

  public Map<String, URI> functionUris() {
    Map<String, URI> uris = new LinkedHashMap<>();
    services.keySet().forEach(name -> uris.put(name, gateway.functionUri(name)));
    return uris;
  }

  /** What {@code kinetic status} prints. */
  public record Status(
      URI gateway, List<BrokerStatus> brokers, List<LocalService.Status> functions) {}

  public record BrokerStatus(URI url, Map<String, TriggerStats.Snapshot> triggers) {}

  public Status status() {
    return new Status(
        gateway.uri(),
        brokers.stream()
            .map(b -> new BrokerStatus(gateway.uri().resolve(b.path()), b.stats()))
            .toList(),
        services.values().stream().map(LocalService::status).toList());
  }

  /** Blocks until the runtime is stopped, by {@link #close} or {@code kinetic down}. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  private void writeRuntimeFile() {
    Map<String, Object> runtime = new LinkedHashMap<>();
    runtime.put("gateway", gateway.uri().toString());
    runtime.put("pid", ProcessHandle.current().pid());
    runtime.put("started", Instant.now().toString());
    try {
      Files.write(runtimeFile(options.state()), Json.MAPPER.writeValueAsBytes(runtime));
      wroteRuntimeFile = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path runtimeFile(Path state) {
    return state.resolve("runtime.json");
  }

  /** The pid of a live runtime using {@code state}; a file left by a killed one does not count. */
  static Optional<Long> runningPid(Path state) {
    Path file = runtimeFile(state);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      long pid = Json.MAPPER.readTree(Files.readAllBytes(file)).path("pid").asLong();
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized void close() {
    if (stopped.getCount() == 0) {
      return;
    }
    reaper.shutdownNow();
    pings.close();
    events.close();
    if (gateway != null) {
      gateway.close();
    }
    brokers.forEach(Broker::close);
    services.values().forEach(LocalService::stop);
    if (embeddedKafka != null) {
      embeddedKafka.close();
    }
    s3.close();
    telemetry.close();
    try {
      if (wroteRuntimeFile) {
        Files.deleteIfExists(runtimeFile(options.state()));
      }
    } catch (IOException e) {
      log.warn("cannot remove {}", runtimeFile(options.state()), e);
    }
    stopped.countDown();
  }

  private static void deleteRecursively(Path folder) {
    try {
      FileUtils.deleteDirectory(folder.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean " + folder, e);
    }
  }
}
