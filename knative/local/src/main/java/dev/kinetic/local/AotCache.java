package dev.kinetic.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * JDK 25 AOT caches for the function jars, which roughly halve a function's cold start. A cache
 * works only with the jar extracted, so for {@code target/kinetic-x-exec.jar} it is {@code
 * target/aot/app/kinetic-x-exec.jar} with {@code target/aot/app.aot}, made by a training run that
 * starts the function, sends it a few requests and stops it.
 */
public final class AotCache {

  private static final String CACHE = "app.aot";

  private AotCache() {}

  /** The command that runs {@code jar}, from its AOT cache when a current one exists. */
  public static List<String> command(String java, Path jar) {
    Path folder = jar.getParent().resolve("aot");
    Path extracted = folder.resolve("app").resolve(jar.getFileName());
    Path cache = folder.resolve(CACHE);
    if (isCurrent(cache, jar) && Files.isRegularFile(extracted)) {
      return List.of(java, "-XX:AOTCache=" + cache, "-jar", extracted.toString());
    }
    return List.of(java, "-jar", jar.toString());
  }

  private static boolean isCurrent(Path cache, Path jar) {
    try {
      return Files.isRegularFile(cache)
          && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Every function jar in the checkout: {@code functions/<name>/target/kinetic-<name>-exec.jar}.
   */
  public static List<Path> functionJars(Path repository) {
    try (Stream<Path> functions = Files.list(repository.resolve("functions"))) {
      return functions
          .map(f -> f.resolve("target").resolve("kinetic-" + f.getFileName() + "-exec.jar"))
          .filter(Files::isRegularFile)
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Extracts {@code jar} and trains its cache on a short workload: the function starts against an
   * unreachable store (so it loads no model), answers its health check, refuses a request without a
   * token, and answers authenticated requests and events it has nothing for, then is stopped. The
   * classes and profiles of serving a request are then in the cache too, not only those of
   * starting.
   *
   * @return where the cache is
   */
  public static Path create(String java, Path jar) throws IOException, InterruptedException {
    Path folder = jar.getParent().resolve("aot");
    FileUtils.deleteDirectory(folder.toFile());
    Files.createDirectories(folder);
    run(
        List.of(
            java,
            "-Djarmode=tools",
            "-jar",
            jar.toString(),
            "extract",
            "--destination",
            folder.resolve("app").toString()),
        folder,
        Map.of());
    Path cache = folder.resolve(CACHE);
    try (AotTraining training = AotTraining.start(folder.resolve("issuer"))) {
      int port = freePort();
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-XX:AOTCacheOutput=" + cache,
                  "-jar",
                  folder.resolve("app").resolve(jar.getFileName()).toString())
              .redirectErrorStream(true)
              .redirectOutput(folder.resolve("training.log").toFile());
      builder
          .environment()
          .putAll(
              Map.ofEntries(
                  Map.entry("PORT", Integer.toString(port)),
                  Map.entry("KINETIC_S3_ENDPOINT", "http://127.0.0.1:9"),
                  Map.entry("KINETIC_S3_BUCKET", "kinetic"),
                  Map.entry("KINETIC_S3_PATH_STYLE", "true"),
                  Map.entry("AWS_REGION", "us-east-1"),
                  Map.entry("AWS_ACCESS_KEY_ID", "training"),
                  Map.entry("AWS_SECRET_ACCESS_KEY", "training"),
                  Map.entry("OTEL_TRACES_EXPORTER", "none"),
                  Map.entry("OTEL_METRICS_EXPORTER", "none"),
                  Map.entry(
                      "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWKSETURI",
                      training.jwksUri().toString()),
                  Map.entry(
                      "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI", DevIssuer.ISSUER)));
      Process function = builder.start();
      try {
        training.exercise(URI.create("http://127.0.0.1:" + port + "/"), function);
      } finally {
        // Stopped as Knative stops it: the JVM writes the cache as it exits.
        function.destroy();
        if (!function.waitFor(2, TimeUnit.MINUTES)) {
          function.destroyForcibly();
        }
      }
    }
    if (!Files.isRegularFile(cache)) {
      throw new IllegalStateException(
          "the training run made no " + cache + "; see " + folder.resolve("training.log"));
    }
    Files.setLastModifiedTime(cache, FileTime.fromMillis(System.currentTimeMillis()));
    return cache;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void run(List<String> command, Path folder, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(folder.resolve("training.log").toFile());
    builder.environment().putAll(env);
    int exit = builder.start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", command)
              + " exited with "
              + exit
              + "; see "
              + folder.resolve("training.log"));
    }
  }
}
