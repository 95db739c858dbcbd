package dev.kinetic.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import dev.kinetic.bench.BenchServer.App;
import dev.kinetic.contracts.Json;
import dev.kinetic.examples.FraudData;
import dev.kinetic.platform.model.LoadedModel;
import dev.kinetic.platform.model.ModelStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.scoring.OnnxModel;
import dev.kinetic.train.ExampleModels;
import java.io.IOException;
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

/**
 * Inference speed on this machine, in one run with one model and the same rows: in-process ONNX
 * Runtime (the floor), the inference function over HTTP with decision logging on and off and with
 * JWT checks on and off, and a plain Spring controller around the same session, taking turns after
 * each has settled. Each server runs in a JVM of its own ({@link BenchServer}); the load generator
 * runs in this one. Prints requests/s, p50/p99 latency, the CPU time per request of the load
 * generator and of the server, and ratios. Arguments pick sections: {@code single}, {@code rows},
 * {@code batching}.
 *
 * <p>Run: {@code ./mvnw -q -pl functions/inference -am package -DskipTests} then {@code java -cp
 * "functions/inference/target/test-classes:functions/inference/target/classes:$(cat
 * functions/inference/target/bench.classpath)" dev.kinetic.bench.InferenceBenchmark}
 */
public final class InferenceBenchmark {

  static final Duration WARMUP = Duration.ofSeconds(5);

  /**
   * Load on each server before its first round. Four JVMs compiling on two cores took minutes to
   * settle: a first round ran 3–8 times slower than a fourth, and the function, with more code to
   * compile than the plain controller, was still speeding up in the third.
   */
  static final Duration SETTLE = Duration.ofSeconds(30);

  static final Duration MEASURE = Duration.ofSeconds(10);
  static final int CLIENTS = 8;
  static final int ROUNDS = 3;

  /**
   * Single-row load in turns of a slice per server, each server's slices added up. This machine's
   * speed swings by a third from one moment to the next, for the load generator as much as for the
   * servers; rounds of 15 s each, keeping each server's best, compared whichever server had been
   * lucky. Slices of a few seconds give every server its share of fast and slow moments.
   */
  static final Duration SLICE = Duration.ofSeconds(2);

  static final int TURNS = 15;
  static final int ROWS = 256;
  static final String BODY =
      """
      {"instances":[{"amount":120.5,"hour":2,"country":"DE","channel":"online","merchant_risk":0.4}]}""";

  public static void main(String[] args) throws Exception {
    Set<String> sections = args.length == 0 ? Set.of("single", "rows", "batching") : Set.of(args);
    ObjectStore store = new InMemoryObjectStore();
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
        singleRow(onnx, row, logOn, logOff);
      }
      if (sections.contains("rows")) {
        manyRows(onnx, row, instances.getFirst(), logOn, logOff);
      }
      if (sections.contains("batching")) {
        dynamicBatching(logOff);
      }
    } finally {
      sink.stop(0);
    }
    System.out.printf(
        "%nrequests sent again after the client failed to send them: %d%n", RESENT.get());
  }

  /**
   * One row per request: the floor, the plain controller and the function, in slices of {@link
   * #SLICE} taking turns.
   */
  static void singleRow(
      OnnxModel onnx, float[] row, Map<String, Object> logOn, Map<String, Object> logOff)
      throws Exception {
    Result floor = inProcess(onnx, row, 1);
    Result plain;
    Result kinetic;
    Result kineticNoLog;
    Result kineticOpen;
    Result halfRate;
    try (BenchServer plainApp = BenchServer.start(App.PLAIN, Map.of());
        BenchServer open =
            BenchServer.start(
                App.INFERENCE,
                Map.of(
                    "kinetic.inference.decisions.enabled",
                    "false",
                    "kinetic.security.enabled",
                    "false"));
        BenchServer withLog = BenchServer.start(App.INFERENCE, logOn);
        BenchServer withoutLog = BenchServer.start(App.INFERENCE, logOff)) {
      List<Slices> servers = new ArrayList<>();
      for (BenchServer server : List.of(plainApp, open, withoutLog, withLog)) {
        settle(server, predict(server, BODY));
        servers.add(new Slices(server, predict(server, BODY), CLIENTS));
      }
      for (int turn = 0; turn < TURNS; turn++) {
        for (Slices server : servers) {
          server.run(SLICE);
        }
      }
      plain = servers.get(0).result();
      kineticOpen = servers.get(1).result();
      kineticNoLog = servers.get(2).result();
      kinetic = servers.get(3).result();
      halfRate = paced(withLog, BODY, kinetic.rate / 2);
    }
    System.out.printf(
        "%n%-44s %12s %10s %10s %12s %12s%n",
        "single row", "req/s", "p50 ms", "p99 ms", "client us", "server us");
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
    try (BenchServer withLog = BenchServer.start(App.INFERENCE, logOn);
        BenchServer withoutLog = BenchServer.start(App.INFERENCE, logOff)) {
      for (BenchServer server : List.of(withoutLog, withLog)) {
        settle(
            server,
            predict(server, named),
            infer(server, tensorJson, null),
            infer(server, binary.array(), binaryHeader.length));
      }
      // Alternating rounds, keeping each one's best.
      for (int round = 0; round < ROUNDS; round++) {
        for (BenchServer server : List.of(withoutLog, withLog)) {
          String log = server == withLog ? "log on" : "log off";
          results.merge(
              "/predict by feature name, " + log,
              load(server, predict(server, named), CLIENTS),
              InferenceBenchmark::better);
          results.merge(
              "infer, JSON tensor, " + log,
              load(server, infer(server, tensorJson, null), CLIENTS),
              InferenceBenchmark::better);
          results.merge(
              "infer, binary tensor, " + log,
              load(server, infer(server, binary.array(), binaryHeader.length), CLIENTS),
              InferenceBenchmark::better);
        }
      }
    }
    System.out.printf(
        "%n%-44s %12s %10s %10s %12s %12s %8s%n",
        ROWS + " rows per request",
        "rows/s",
        "p50 ms",
        "p99 ms",
        "client us",
        "server us",
        "ratio");
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
  static void dynamicBatching(Map<String, Object> logOff) throws Exception {
    Result unbatched = null;
    Result batched = null;
    Map<String, Object> batching = new LinkedHashMap<>(logOff);
    batching.put("kinetic.inference.batching.enabled", "true");
    try (BenchServer off = BenchServer.start(App.INFERENCE, logOff);
        BenchServer on = BenchServer.start(App.INFERENCE, batching)) {
      settle(off, predict(off, BODY));
      settle(on, predict(on, BODY));
      for (int round = 0; round < ROUNDS; round++) {
        unbatched = better(unbatched, load(off, BODY, 64));
        batched = better(batched, load(on, BODY, 64));
      }
    }
    System.out.printf(
        "%n%-44s %12s %10s %10s %12s %12s%n",
        "64 clients, single row", "req/s", "p50 ms", "p99 ms", "client us", "server us");
    unbatched.print("dynamic batching off");
    batched.print("dynamic batching on (32 rows, 500 us)");
    System.out.printf("batching on / off: %.2f%n", batched.rate / unbatched.rate);
  }

  record Request(List<Map<String, Object>> instances) {}

  static Result better(Result best, Result next) {
    return best == null || next.rate > best.rate ? next : best;
  }

  /**
   * @param cpuMicros the load generator's CPU per request (this process's)
   * @param serverCpuMicros the server's CPU per request (its own process's)
   */
  record Result(
      double rate, double p50Millis, double p99Millis, double cpuMicros, double serverCpuMicros) {
    void print(String name) {
      System.out.printf(
          "%-44s %,12.0f %10.3f %10.3f %12.1f %12.1f%n",
          name, rate, p50Millis, p99Millis, cpuMicros, serverCpuMicros);
    }

    /** As rows per second, each request carrying {@value #ROWS}, with the ratio to {@code base}. */
    void printRows(String name, Result base) {
      System.out.printf(
          "%-44s %,12.0f %10.3f %10.3f %12.2f %12.2f %8.2f%n",
          name,
          rate * ROWS,
          p50Millis,
          p99Millis,
          cpuMicros / ROWS,
          serverCpuMicros / ROWS,
          rate / base.rate);
    }
  }

  static String trainChampion(ObjectStore store) {
    ExampleModels.storeSpec(store, new FraudData());
    return ExampleModels.champion(store, new FraudData(), 5000, 1).version();
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
    long used = cpuNanos() - cpu;
    return result(n, seconds, Arrays.copyOf(sample, Math.min(n, sample.length)), used, used);
  }

  /** {@code POST /predict/fraud} with {@code body}, as a client with a predict token sends it. */
  static HttpRequest predict(BenchServer server, String body) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + "/predict/fraud"))
        .header("content-type", "application/json")
        .header("Authorization", "Bearer " + server.token())
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /**
   * {@code POST /v2/models/fraud/infer} with {@code body}; with {@code jsonLength}, the body is a
   * JSON header of that many bytes followed by binary tensors.
   */
  static HttpRequest infer(BenchServer server, byte[] body, Integer jsonLength) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/v2/models/fraud/infer"))
            .header("Authorization", "Bearer " + server.token())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (jsonLength == null) {
      return request.header("content-type", "application/json").build();
    }
    return request
        .header("content-type", "application/octet-stream")
        .header("Inference-Header-Content-Length", jsonLength.toString())
        .build();
  }

  /** A server's load over one set of connections, measured in one or more slices added up. */
  static final class Slices {
    private final BenchServer server;
    private final HttpRequest request;
    private final int clients;
    private final HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<long[]> latencies = new ArrayList<>();
    private double seconds;
    private long cpuNanos;
    private long serverCpuNanos;

    Slices(BenchServer server, HttpRequest request, int clients) {
      this.server = server;
      this.request = request;
      this.clients = clients;
    }

    /** Load that is not measured, over the same connections. */
    void warm(Duration duration) throws Exception {
      InferenceBenchmark.run(http, request, duration, clients);
    }

    void run(Duration duration) throws Exception {
      long cpu = cpuNanos();
      long serverCpu = server.cpuNanos();
      long start = System.nanoTime();
      latencies.addAll(InferenceBenchmark.run(http, request, duration, clients));
      seconds += (System.nanoTime() - start) / 1e9;
      cpuNanos += cpuNanos() - cpu;
      serverCpuNanos += server.cpuNanos() - serverCpu;
    }

    Result result() {
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).toArray();
      return InferenceBenchmark.result(all.length, seconds, all, cpuNanos, serverCpuNanos);
    }
  }

  /**
   * {@link #SETTLE} of load on {@code server}, shared among {@code requests}, measuring nothing.
   */
  static void settle(BenchServer server, HttpRequest... requests) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (HttpRequest request : requests) {
      run(http, request, SETTLE.dividedBy(requests.length), CLIENTS);
    }
  }

  static Result load(BenchServer server, String body) throws Exception {
    return load(server, predict(server, body), CLIENTS);
  }

  static Result load(BenchServer server, String body, int clients) throws Exception {
    return load(server, predict(server, body), clients);
  }

  static Result load(BenchServer server, HttpRequest request, int clients) throws Exception {
    Slices load = new Slices(server, request, clients);
    load.warm(WARMUP);
    load.run(MEASURE);
    return load.result();
  }

  /**
   * Requests at a fixed {@code rate} from the same {@value #CLIENTS} clients as the full load, each
   * sending every {@value #CLIENTS}th request when it is due. Latency counts from when a request
   * was due, so a stall shows in the tail (a client held up by a slow answer sends late, and that
   * lateness is counted) rather than slowing the load. A client per request instead (virtual
   * threads, a connection each when they overlap) cost more than twice the CPU per request, and at
   * "half the rate" left the two cores as busy as the full load.
   */
  static Result paced(BenchServer server, String body, double rate) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = predict(server, body);
    run(http, request, WARMUP, CLIENTS);
    int count = (int) (rate * MEASURE.toSeconds());
    long interval = (long) (1e9 / rate);
    long[] latencies = new long[count];
    long cpu = cpuNanos();
    long serverCpu = server.cpuNanos();
    long start = System.nanoTime() + 10_000_000;
    try (var pool = Executors.newFixedThreadPool(CLIENTS)) {
      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int first = c;
        clients.add(
            pool.submit(
                () -> {
                  for (int i = first; i < count; i += CLIENTS) {
                    long due = start + i * interval;
                    LockSupport.parkNanos(due - System.nanoTime());
                    sendExpectingOk(http, request);
                    latencies[i] = System.nanoTime() - due;
                  }
                  return null;
                }));
      }
      for (Future<Void> client : clients) {
        client.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return result(count, seconds, latencies, cpuNanos() - cpu, server.cpuNanos() - serverCpu);
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
                  long[] latencies = new long[4096];
                  int n = 0;
                  while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    sendExpectingOk(http, request);
                    if (n == latencies.length) {
                      latencies = Arrays.copyOf(latencies, n * 2);
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

  /** Requests sent a second time after the load generator's client failed to send them. */
  static final AtomicLong RESENT = new AtomicLong();

  /**
   * Sends {@code request}; a load that fails is no measurement, so anything but 200 stops it. A
   * request the client could not send is sent once more and counted in {@link #RESENT}: the JDK's
   * client, on rare occasions, takes a connection out of its pool while data for it is arriving
   * ("Data received while in pool") and fails the request on it with "HTTP/1.1 header parser
   * received no bytes", which stopped one run of ten in the middle.
   */
  static void sendExpectingOk(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      RESENT.incrementAndGet();
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
  }

  static Result result(
      int count, double seconds, long[] latencies, long cpuNanos, long serverCpuNanos) {
    Arrays.sort(latencies);
    return new Result(
        count / seconds,
        latencies[(int) (latencies.length * 0.50)] / 1e6,
        latencies[Math.min(latencies.length - 1, (int) (latencies.length * 0.99))] / 1e6,
        cpuNanos / 1e3 / count,
        serverCpuNanos / 1e3 / count);
  }

  static long cpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
