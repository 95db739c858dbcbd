package dev.kinetic.bench;

import dev.kinetic.function.TestTokens;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.inference.ForwardingStore;
import dev.kinetic.inference.InferenceApplication;
import dev.kinetic.platform.model.LoadedModel;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.WriteCondition;
import dev.kinetic.scoring.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A web server under test, in a JVM of its own as it would run in production: its JIT compiles for
 * its own code alone, and its CPU time is its own. It trains the same champion as the benchmark
 * (the same data and seed), serves it on a random port, and tells the benchmark the port and a
 * predict token of its test issuer through a file.
 */
final class BenchServer implements AutoCloseable {

  /** The web server to run: the plain controller, or the inference function. */
  enum App {
    PLAIN,
    INFERENCE
  }

  private final Process process;
  private final int port;
  private final String token;

  private BenchServer(Process process, int port, String token) {
    this.process = process;
    this.port = port;
    this.token = token;
  }

  /** Starts {@code app} with {@code properties} in a new JVM and waits until it serves. */
  static BenchServer start(App app, Map<String, Object> properties) throws Exception {
    Path ready = Files.createTempFile("kinetic-bench-", ".ready");
    Files.delete(ready);
    Path log = Files.createTempFile("kinetic-bench-" + app.name().toLowerCase() + "-", ".log");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx2g");
    // For profiling a server: -Dbench.server.jvm="-XX:StartFlightRecording:filename=s-%p.jfr".
    List<String> options =
        Arrays.stream(System.getProperty("bench.server.jvm", "").split(" "))
            .filter(option -> !option.isBlank())
            .toList();
    if (app == App.INFERENCE
        && options.stream().noneMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"))) {
      // The collector its Knative Service runs it with (JAVA_TOOL_OPTIONS in
      // knative/manifests/base/inference.yaml); the plain controller keeps the JVM's default, as
      // a service written by hand would (G1 too on this machine, the serial collector on one
      // with less than 2 CPUs or 1792 MB).
      command.add("-XX:+UseG1GC");
    }
    command.addAll(options);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchServer.class.getName());
    command.add(app.name());
    command.add(ready.toString());
    properties.forEach((key, value) -> command.add("--" + key + "=" + value));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!Files.exists(ready)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(app + " did not start; its output is in " + log);
      }
      Thread.sleep(50);
    }
    List<String> lines = Files.readAllLines(ready);
    Files.delete(ready);
    return new BenchServer(process, Integer.parseInt(lines.get(0)), lines.get(1));
  }

  int port() {
    return port;
  }

  /** A token with the predict scope from the server's issuer. */
  String token() {
    return token;
  }

  /** The CPU time the server's JVM has used so far. */
  long cpuNanos() {
    return process
        .toHandle()
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("the OS does not report a child's CPU time"))
        .toNanos();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The server's side: {@code app ready-file --property=value...}. */
  public static void main(String[] args) throws Exception {
    App app = App.valueOf(args[0]);
    ObjectStore store = new SpillDroppingStore(new InMemoryObjectStore());
    String version = InferenceBenchmark.trainChampion(store);
    Class<?> main = InferenceApplication.class;
    if (app == App.PLAIN) {
      LoadedModel loaded = new ModelStore(store).load("fraud", version).orElseThrow();
      PlainController.card = loaded.card();
      PlainController.model = OnnxModel.load(loaded.onnx(), loaded.card().encoding().width());
      main = PlainController.class;
    }
    ConfigurableApplicationContext context =
        start(main, store, List.of(args).subList(2, args.length));
    Path ready = Path.of(args[1]);
    Path written = Files.createTempFile(ready.getParent(), "kinetic-bench-", ".tmp");
    Files.writeString(
        written,
        context.getEnvironment().getProperty("local.server.port")
            + "\n"
            + TestTokens.mint(Scopes.PREDICT)
            + "\n");
    Files.move(written, ready, StandardCopyOption.ATOMIC_MOVE);
    // Serves until the benchmark stops it; SIGTERM closes the context.
    Thread.currentThread().join();
  }

  static ConfigurableApplicationContext start(Class<?> app, ObjectStore store, List<String> extra) {
    // The functions trust the test issuer; every request carries one of its tokens.
    SpringApplication application = new SpringApplication(app, TestTokens.Issuer.class);
    application.setWebApplicationType(WebApplicationType.SERVLET);
    application.addInitializers(
        context -> context.getBeanFactory().registerSingleton("benchStore", store));
    // Arguments, because they outrank the functions' application.properties (server.port).
    List<String> arguments = new ArrayList<>();
    arguments.add("--server.port=0");
    arguments.add("--spring.main.banner-mode=off");
    arguments.add("--logging.level.root=WARN");
    if (app != InferenceApplication.class) {
      // The function's application.properties is on the class path too; a controller written
      // by hand would run on Tomcat's thread pool, Boot's default.
      arguments.add("--spring.threads.virtual.enabled=false");
    }
    arguments.addAll(extra);
    return application.run(arguments.toArray(String[]::new));
  }

  /**
   * The store, except that decisions spilled to it are dropped: S3 would keep them on disk, an
   * in-memory store would keep them in the server's heap until it runs out.
   */
  record SpillDroppingStore(ObjectStore store) implements ForwardingStore {

    @Override
    public String put(String key, ObjectContent content, WriteCondition condition) {
      return key.startsWith("audit-spill/") ? "dropped" : store.put(key, content, condition);
    }
  }
}
