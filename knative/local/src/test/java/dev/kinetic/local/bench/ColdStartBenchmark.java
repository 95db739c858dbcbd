package dev.kinetic.local.bench;

import com.sun.net.httpserver.HttpServer;
import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.examples.FraudData;
import dev.kinetic.local.AotCache;
import dev.kinetic.local.LocalRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The inference function's cold start on this machine: from starting its process to its first
 * successful {@code /predict} (with a token, the champion loaded from the S3 store and checked),
 * without and then with the JDK 25 AOT cache, in alternating runs. A local runtime provides the
 * store, the trained champion and the token issuer; the runs begin once its functions are idle, so
 * that the measured starts have the machine to themselves. A harness, not a test; run it with
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * java -cp "knative/local/target/test-classes:knative/local/target/kinetic-local.jar" \
 *     dev.kinetic.local.bench.ColdStartBenchmark [runs]
 * </pre>
 */
public final class ColdStartBenchmark {

  private static final String BODY =
      """
      {"instances":[{"amount":120.5,"hour":2,"country":"DE","channel":"online","merchant_risk":0.4}]}""";

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path repository = Path.of(".").toAbsolutePath().normalize();
    Path jar = repository.resolve("functions/inference/target/kinetic-inference-exec.jar");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cached = AotCache.command(java, jar);
    if (cached.size() == 3) {
      System.out.println("training the AOT cache of " + jar.getFileName());
      AotCache.create(java, jar);
      cached = AotCache.command(java, jar);
    }
    List<String> plain = List.of(java, "-jar", jar.toString());
    // To look inside a start: -Dbench.server.jvm="-Dlogging.level.dev.kinetic=DEBUG", and read
    // the output of the last start, which the end names.
    List<String> options =
        Arrays.stream(System.getProperty("bench.server.jvm", "").split(" "))
            .filter(option -> !option.isBlank())
            .toList();
    plain = withOptions(plain, options);
    cached = withOptions(cached, options);
    Path state = Files.createTempDirectory("kinetic-cold-start");
    HttpClient http = HttpClient.newHttpClient();
    HttpServer sink = acceptingSink();
    try (LocalRuntime runtime =
        LocalRuntime.start(
            new LocalRuntime.Options(
                repository, repository.resolve("knative/manifests/base"), state, 0, null, true))) {
      promoteAChampion(runtime, http);
      awaitIdle(runtime, http);
      String token = runtime.token("predict");
      URI sinkUri = URI.create("http://127.0.0.1:" + sink.getAddress().getPort() + "/");
      List<Long> withoutCache = new ArrayList<>();
      List<Long> withCache = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        withoutCache.add(coldStart(plain, runtime, token, sinkUri, http, state));
        withCache.add(coldStart(cached, runtime, token, sinkUri, http, state));
        System.out.printf(
            "run %d: without cache %,d ms, with cache %,d ms%n",
            run + 1, withoutCache.getLast(), withCache.getLast());
      }
      System.out.printf(
          "%nprocess start to first prediction, %d runs (median, min, max ms):%n", runs);
      print("without AOT cache", withoutCache);
      print("with AOT cache", withCache);
      System.out.printf(
          "with / without (medians): %.2f%n", (double) median(withCache) / median(withoutCache));
      System.out.println("the last start's output: " + state.resolve("cold-start.log"));
    } finally {
      sink.stop(0);
    }
  }

  /**
   * Where the measured starts post their decision log: it answers 202 and keeps nothing. Posted to
   * the runtime's broker, each start's log would wake the audit and drift functions, whose own
   * starts would then share the two cores with the next measured one.
   */
  private static HttpServer acceptingSink() throws IOException {
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.sendResponseHeaders(202, -1);
          }
        });
    sink.start();
    return sink;
  }

  /** Waits until the functions that trained and promoted the champion have scaled to zero. */
  private static void awaitIdle(LocalRuntime runtime, HttpClient http) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    List<String> running;
    while (!(running = running(runtime, http)).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(running + " still running after 5 minutes");
      }
      Thread.sleep(1000);
    }
    System.out.println("every function idle; measuring");
  }

  /** The functions {@code kinetic status} shows running. */
  private static List<String> running(LocalRuntime runtime, HttpClient http) throws Exception {
    HttpRequest status =
        HttpRequest.newBuilder(runtime.gatewayUri().resolve("/_kinetic/status")).build();
    List<String> running = new ArrayList<>();
    for (JsonNode function :
        Json.MAPPER
            .readTree(http.send(status, HttpResponse.BodyHandlers.ofString()).body())
            .path("functions")) {
      if (function.path("state").asString().equals("running")) {
        running.add(function.path("name").asString());
      }
    }
    return running;
  }

  private static void promoteAChampion(LocalRuntime runtime, HttpClient http) throws Exception {
    StringBuilder csv = new StringBuilder();
    new FraudData().writeCsv(csv, 3000, 5, Scenario.training);
    HttpMessage message =
        HttpCodec.encode(
            EventTemplate.forFunction("bench", new EventValidator())
                .event(DataSubmitted.inlineCsv("fraud", csv.toString())),
            HttpCodec.Mode.BINARY);
    HttpRequest.Builder submit =
        HttpRequest.newBuilder(runtime.brokerUris().getFirst())
            .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
    message.headers().forEach(submit::header);
    http.send(submit.build(), HttpResponse.BodyHandlers.discarding());
    HttpRequest champion =
        HttpRequest.newBuilder(
                runtime.gatewayUri().resolve("/functions/registry/models/fraud/champion"))
            .header("Authorization", "Bearer " + runtime.token("admin"))
            .build();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (http.send(champion, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no champion after 3 minutes; see the runtime's logs");
      }
      Thread.sleep(500);
    }
    System.out.println("champion promoted; waiting for the runtime's functions to scale to zero");
  }

  /** {@code command} with the JVM options after the {@code java} it starts with. */
  private static List<String> withOptions(List<String> command, List<String> options) {
    List<String> with = new ArrayList<>(command.subList(0, 1));
    with.addAll(options);
    with.addAll(command.subList(1, command.size()));
    return with;
  }

  /** Milliseconds from starting {@code command} to its first 200 on /predict. */
  private static long coldStart(
      List<String> command,
      LocalRuntime runtime,
      String token,
      URI sink,
      HttpClient http,
      Path state)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new LinkedHashMap<>(runtime.environmentOf("inference"));
    env.put("PORT", Integer.toString(port));
    env.put("K_SINK", sink.toString());
    env.put("OTEL_TRACES_EXPORTER", "none");
    env.put("OTEL_METRICS_EXPORTER", "none");
    HttpRequest predict =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict/fraud"))
            .header("content-type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(state.resolve("cold-start.log").toFile());
    builder.environment().putAll(env);
    long start = System.nanoTime();
    Process process = builder.start();
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "inference exited with "
                  + process.exitValue()
                  + "; see "
                  + state.resolve("cold-start.log"));
        }
        try {
          HttpResponse<String> answer = http.send(predict, HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 200) {
            Json.MAPPER.readTree(answer.body()).get("predictions").get(0);
            return (System.nanoTime() - start) / 1_000_000;
          }
        } catch (java.io.IOException notListeningYet) {
          // the port opens part-way through the start
        }
        Thread.sleep(5);
      }
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  private static long median(List<Long> millis) {
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }

  private static void print(String name, List<Long> millis) {
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "  %-20s %,7d %,7d %,7d%n", name, median(millis), sorted[0], sorted[sorted.length - 1]);
    System.out.println("    all: " + Arrays.toString(sorted));
  }
}
