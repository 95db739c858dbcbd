package dev.kinetic.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import dev.kinetic.contracts.Json;
import dev.kinetic.examples.FraudData;
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
import dev.kinetic.train.ExampleModels;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Inference speed on this machine, in one run with one model and the same rows: in-process ONNX
 * Runtime (the floor), the inference function over HTTP with decision logging on and off and with
 * JWT checks on and off, and a plain Spring controller around the same session, in alternating
 * rounds. Prints requests/s, p50/p99 latency, CPU time per request (of the whole process: the load
 * generator runs in it too) and ratios.
 *
 * <p>Run: {@code ./mvnw -q -pl functions/inference -am package -DskipTests} then {@code java -cp
 * "$(cat functions/inference/target/bench.classpath)" dev.kinetic.bench.InferenceBenchmark}
 */
public final class InferenceBenchmark {

  static final Duration WARMUP = Duration.ofSeconds(5);
  static final Duration MEASURE = Duration.ofSeconds(10);
  static final int CLIENTS = 8;
  static final int ROUNDS = 3;
  static final int ROWS = 256;
  static final String TOKEN = TestTokens.mint(Scopes.PREDICT);
  static final String BODY =
      """
      {"instances":[{"amount":120.5,"hour":2,"country":"DE","channel":"online","merchant_risk":0.4}]}""";

  public static void main(String[] args) throws Exception {
    Set<String> sections = args.length == 0 ? Set.of("single", "rows", "batching") : Set.of(args);
    ObjectStore store = new SpillCountingStore(new InMemoryObjectStore());
    String version = trainChampion(store);
    LoadedModel loaded = new ModelStore(store).load("fraud", version).orElseThrow();
    List<Map<String, Object>> instances =
        List.of(Json.MAPPER.readValue(BODY, Request.class).instances().getFirst());
    // Where decision batches go, as a broker would take them: read, then 202.
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
          }
        });
    sink.start();
    Map<String, Object> logOn =
        Map.of(
            "kinetic.inference.decisions.enabled",
            "true",
            "K_SINK",
            "http://127.0.0.1:" + sink.getAddress().getPort() + "/");
    Map<String, Object> logOff = Map.of("kinetic.inference.decisions.enabled", "false");
    try (OnnxModel onnx = OnnxModel.load(loaded.onnx(), loaded.card().encoding().width())) {
      float[] row = loaded.card().encoding().encodeFloats(instances);
      if (sections.contains("single")) {
        singleRow(store, loaded, onnx, row, logOn, logOff);
      }
      if (sections.contains("rows")) {
        manyRows(store, onnx, row, instances.getFirst(), logOn, logOff);
      }
      if (sections.contains("batching")) {
        dynamicBatching(store, logOff);
      }
      System.out.printf(
          "%ndecision batches spilled to the store, the sink being behind: %,d%n",
          ((SpillCountingStore) store).spilled().get());
    } finally {
      sink.stop(0);
    }
  }

  /** One row per request: the floor, the plain controller and the function, in rounds. */
  static void singleRow(
      ObjectStore store,
      LoadedModel loaded,
      OnnxModel onnx,
      float[] row,
      Map<String, Object> logOn,
      Map<String, Object> logOff)
      throws Exception {
    Result floor = inProcess(onnx, row, 1);
    PlainController.card = loaded.card();
    PlainController.model = onnx;
    Result plain = null;
    Result kinetic = null;
    Result kineticNoLog = null;
    Result kineticOpen = null;
    Result halfRate;
    try (ConfigurableApplicationContext plainApp = start(PlainController.class, store, Map.of());
        ConfigurableApplicationContext open =
            start(
                InferenceApplication.class,
                store,
                Map.of(
                    "kinetic.inference.decisions.enabled",
                    "false",
                    "kinetic.security.enabled",
                    "false"));
        ConfigurableApplicationContext withLog = start(InferenceApplication.class, store, logOn);
        ConfigurableApplicationContext withoutLog =
            start(InferenceApplication.class, store, logOff)) {
      // Alternating rounds, keeping each one's best: the order of runs then matters less.
      for (int round = 0; round < ROUNDS; round++) {
        plain = better(plain, load(port(plainApp), BODY));
        kineticOpen = better(kineticOpen, load(port(open), BODY));
        kineticNoLog = better(kineticNoLog, load(port(withoutLog), BODY));
        kinetic = better(kinetic, load(port(withLog), BODY));
      }
      halfRate = paced(port(withLog), BODY, kinetic.rate / 2);
    }
    System.out.printf(
        "%n%-44s %12s %10s %10s %12s%n", "single row", "req/s", "p50 ms", "p99 ms", "CPU us/req");
    floor.print("in-process OrtSession.run (floor)");
    plain.print("plain @RestController, HTTP + JSON, no auth");
    kineticOpen.print("kinetic /predict, no auth, log off");
    kineticNoLog.print("kinetic /predict, JWT, log off");
    kinetic.print("kinetic /predict, JWT, log on");
    halfRate.print("the same, paced at half its rate");
    System.out.printf(
        "kinetic (JWT, log on) / plain controller: %.2f   log on / log off: %.2f   JWT / no"
            + " auth: %.2f%n",
        kinetic.rate / plain.rate,
        kinetic.rate / kineticNoLog.rate,
        kineticNoLog.rate / kineticOpen.rate);
  }

  /**
   * {@value #ROWS} rows per request, by feature name on {@code /predict} and as an FP32 tensor on
   * the Open Inference Protocol's {@code infer}, in JSON and in its binary tensor extension,
   * against an in-process run of the same rows.
   */
  static void manyRows(
      ObjectStore store,
      OnnxModel onnx,
      float[] row,
      Map<String, Object> instance,
      Map<String, Object> logOn,
      Map<String, Object> logOff)
      throws Exception {
    float[] rows = new float[ROWS * row.length];
    for (int r = 0; r < ROWS; r++) {
      System.arraycopy(row, 0, rows, r * row.length, row.length);
    }
    Result inProcess = inProcess(onnx, rows, ROWS);
    String named =
        Json.MAPPER.writeValueAsString(
            Map.of("instances", java.util.Collections.nCopies(ROWS, instance)));
    byte[] tensorJson =
        Json.MAPPER.writeValueAsBytes(Map.of("inputs", List.of(tensor(row.length, "data", rows))));
    byte[] binaryHeader =
        Json.MAPPER.writeValueAsBytes(
            Map.of(
                "inputs",
                List.of(
                    tensor(
                        row.length,
                        "parameters",
                        Map.of("binary_data_size", rows.length * Float.BYTES))),
                "parameters",
                Map.of("binary_data_output", true)));
    ByteBuffer binary =
        ByteBuffer.allocate(binaryHeader.length + rows.length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    binary.put(binaryHeader).asFloatBuffer().put(rows);
    Map<String, Result> results = new LinkedHashMap<>();
    try (ConfigurableApplicationContext withLog = start(InferenceApplication.class, store, logOn);
        ConfigurableApplicationContext withoutLog =
            start(InferenceApplication.class, store, logOff)) {
      // Rounds as for single rows: the first runs after a start are still compiling.
      for (int round = 0; round < ROUNDS; round++) {
        for (var app : List.of(withoutLog, withLog)) {
          String log = app == withLog ? "log on" : "log off";
          int port = port(app);
          results.merge(
              "/predict by feature name, " + log,
              load(predict(port, named), CLIENTS),
              InferenceBenchmark::better);
          results.merge(
              "infer, JSON tensor, " + log,
              load(infer(port, tensorJson, null), CLIENTS),
              InferenceBenchmark::better);
          results.merge(
              "infer, binary tensor, " + log,
              load(infer(port, binary.array(), binaryHeader.length), CLIENTS),
              InferenceBenchmark::better);
        }
      }
    }
    System.out.printf(
        "%n%-44s %12s %10s %10s %12s %8s%n",
        ROWS + " rows per request", "rows/s", "p50 ms", "p99 ms", "CPU us/row", "ratio");
    inProcess.printRows("in-process OrtSession.run", inProcess);
    results.forEach((name, result) -> result.printRows(name, inProcess));
  }

  /**
   * The Open Inference Protocol's FP32 input of {@value #ROWS} rows, with its data as {@code key}.
   */
  static Map<String, Object> tensor(int width, String key, Object value) {
    return Map.of("name", "input", "datatype", "FP32", "shape", List.of(ROWS, width), key, value);
  }

  /** 64 clients sending single rows, with dynamic batching off and on. */
  static void dynamicBatching(ObjectStore store, Map<String, Object> logOff) throws Exception {
    Result unbatched;
    Result batched;
    try (ConfigurableApplicationContext app = start(InferenceApplication.class, store, logOff)) {
      unbatched = load(port(app), BODY, 64);
    }
    Map<String, Object> batching = new LinkedHashMap<>(logOff);
    batching.put("kinetic.inference.batching.enabled", "true");
    try (ConfigurableApplicationContext app = start(InferenceApplication.class, store, batching)) {
      batched = load(port(app), BODY, 64);
    }
    System.out.printf(
        "%n%-44s %12s %10s %10s %12s%n",
        "64 clients, single row", "req/s", "p50 ms", "p99 ms", "CPU us/req");
    unbatched.print("dynamic batching off");
    batched.print("dynamic batching on (32 rows, 500 us)");
    System.out.printf("batching on / off: %.2f%n", batched.rate / unbatched.rate);
  }

  record Request(List<Map<String, Object>> instances) {}

  /**
   * The store, except that decisions spilled to it are counted and dropped: S3 would keep them on
   * disk, an in-memory store would keep them in the benchmark's heap until it runs out.
   */
  record SpillCountingStore(ObjectStore store, AtomicLong spilled) implements ForwardingStore {

    SpillCountingStore(ObjectStore store) {
      this(store, new AtomicLong());
    }

    @Override
    public String put(String key, ObjectContent content, WriteCondition condition) {
      if (key.startsWith("audit-spill/")) {
        spilled.incrementAndGet();
        return "dropped";
      }
      return store.put(key, content, condition);
    }
  }

  static Result better(Result best, Result next) {
    return best == null || next.rate > best.rate ? next : best;
  }

  record Result(double rate, double p50Millis, double p99Millis, double cpuMicros) {
    void print(String name) {
      System.out.printf(
          "%-44s %,12.0f %10.3f %10.3f %12.1f%n", name, rate, p50Millis, p99Millis, cpuMicros);
    }

    /** As rows per second, each request carrying {@value #ROWS}, with the ratio to {@code base}. */
    void printRows(String name, Result base) {
      System.out.printf(
          "%-44s %,12.0f %10.3f %10.3f %12.2f %8.2f%n",
          name, rate * ROWS, p50Millis, p99Millis, cpuMicros / ROWS, rate / base.rate);
    }
  }

  static String trainChampion(ObjectStore store) {
    ExampleModels.storeSpec(store, new FraudData());
    return ExampleModels.champion(store, new FraudData(), 5000, 1).version();
  }

  static ConfigurableApplicationContext start(
      Class<?> app, ObjectStore store, Map<String, Object> properties) {
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
    properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
    return application.run(arguments.toArray(String[]::new));
  }

  static int port(ConfigurableApplicationContext app) {
    return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
  }

  static Result inProcess(OnnxModel onnx, float[] batch, int rows) {
    long end = System.nanoTime() + WARMUP.toNanos();
    while (System.nanoTime() < end) {
      onnx.score(batch, rows);
    }
    long cpu = cpuNanos();
    long start = System.nanoTime();
    int n = 0;
    long[] sample = new long[1_000_000];
    end = start + MEASURE.toNanos();
    while (System.nanoTime() < end) {
      long t = System.nanoTime();
      onnx.score(batch, rows);
      if (n < sample.length) {
        sample[n] = System.nanoTime() - t;
      }
      n++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return result(n, seconds, Arrays.copyOf(sample, Math.min(n, sample.length)), cpuNanos() - cpu);
  }

  /** {@code POST /predict/fraud} with {@code body}, as a client with a predict token sends it. */
  static HttpRequest predict(int port, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict/fraud"))
        .header("content-type", "application/json")
        .header("Authorization", "Bearer " + TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /**
   * {@code POST /v2/models/fraud/infer} with {@code body}; with {@code jsonLength}, the body is a
   * JSON header of that many bytes followed by binary tensors.
   */
  static HttpRequest infer(int port, byte[] body, Integer jsonLength) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/models/fraud/infer"))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (jsonLength == null) {
      return request.header("content-type", "application/json").build();
    }
    return request
        .header("content-type", "application/octet-stream")
        .header("Inference-Header-Content-Length", jsonLength.toString())
        .build();
  }

  static Result load(int port, String body) throws Exception {
    return load(predict(port, body), CLIENTS);
  }

  static Result load(int port, String body, int clients) throws Exception {
    return load(predict(port, body), clients);
  }

  static Result load(HttpRequest request, int clients) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    run(http, request, WARMUP, clients);
    long cpu = cpuNanos();
    long start = System.nanoTime();
    List<long[]> latencies = run(http, request, MEASURE, clients);
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpuUsed = cpuNanos() - cpu;
    int total = latencies.stream().mapToInt(l -> l.length).sum();
    long[] all = new long[total];
    int at = 0;
    for (long[] l : latencies) {
      System.arraycopy(l, 0, all, at, l.length);
      at += l.length;
    }
    return result(total, seconds, all, cpuUsed);
  }

  /**
   * Requests sent at a fixed {@code rate} whatever the answers' speed (an open loop), each latency
   * counted from when the request was due, so a stall shows in the tail rather than slowing the
   * load.
   */
  static Result paced(int port, String body, double rate) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = predict(port, body);
    int count = (int) (rate * MEASURE.toSeconds());
    long interval = (long) (1e9 / rate);
    long[] latencies = new long[count];
    long cpu = cpuNanos();
    long start = System.nanoTime() + 10_000_000;
    List<Future<Void>> sent = new ArrayList<>(count);
    try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        long due = start + i * interval;
        int slot = i;
        LockSupport.parkNanos(due - System.nanoTime());
        sent.add(
            senders.submit(
                () -> {
                  HttpResponse<Void> response =
                      http.send(request, HttpResponse.BodyHandlers.discarding());
                  if (response.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + response.statusCode());
                  }
                  latencies[slot] = System.nanoTime() - due;
                  return null;
                }));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    for (Future<Void> answer : sent) {
      answer.get();
    }
    return result(count, seconds, latencies, cpuNanos() - cpu);
  }

  static List<long[]> run(HttpClient http, HttpRequest request, Duration duration, int clients)
      throws Exception {
    long end = System.nanoTime() + duration.toNanos();
    try (var pool = Executors.newFixedThreadPool(clients)) {
      List<Future<long[]>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  long[] latencies = new long[1 << 20];
                  int n = 0;
                  while (System.nanoTime() < end && n < latencies.length) {
                    long t = System.nanoTime();
                    HttpResponse<Void> response =
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                      throw new IllegalStateException("HTTP " + response.statusCode());
                    }
                    latencies[n++] = System.nanoTime() - t;
                  }
                  return Arrays.copyOf(latencies, n);
                }));
      }
      List<long[]> results = new ArrayList<>();
      for (Future<long[]> client : running) {
        results.add(client.get());
      }
      return results;
    }
  }

  static Result result(int count, double seconds, long[] latencies, long cpuNanos) {
    Arrays.sort(latencies);
    return new Result(
        count / seconds,
        latencies[(int) (latencies.length * 0.50)] / 1e6,
        latencies[Math.min(latencies.length - 1, (int) (latencies.length * 0.99))] / 1e6,
        cpuNanos / 1e3 / count);
  }

  static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
