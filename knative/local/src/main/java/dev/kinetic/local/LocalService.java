package dev.kinetic.local;

import dev.kinetic.local.manifest.ServiceManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.input.ReversedLinesFileReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Knative Service as a local process that scales between zero and one: started on demand (the
 * caller waits, as behind Knative's activator), stopped after its idle window, started again on the
 * next demand after a crash. Its output goes to {@code .kinetic/logs/<name>.log}.
 */
final class LocalService {

  private static final Logger log = LoggerFactory.getLogger(LocalService.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  /** What {@code kinetic status} shows of a function. */
  record Status(
      String name,
      String state,
      Integer port,
      int coldStarts,
      Long lastStartMillis,
      Integer lastExitCode,
      String logTail) {}

  private final ServiceManifest manifest;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logFile;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger coldStarts = new AtomicInteger();
  private volatile Long lastStartMillis;
  private volatile Process process;
  private volatile int port;
  private volatile Instant lastUsed = Instant.now();
  private volatile Integer lastExitCode;
  private volatile Process stoppedOnPurpose;

  LocalService(
      ServiceManifest manifest,
      List<String> command,
      Map<String, String> environment,
      Path logFile) {
    this.manifest = manifest;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.logFile = logFile;
  }

  String name() {
    return manifest.name();
  }

  ServiceManifest manifest() {
    return manifest;
  }

  /**
   * Marks a request as under way, starting the process first if needed; pair with {@link #done}.
   */
  URI begin() {
    inFlight.incrementAndGet();
    try {
      return ensureRunning();
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      throw e;
    }
  }

  void done() {
    lastUsed = Instant.now();
    inFlight.decrementAndGet();
  }

  synchronized URI ensureRunning() {
    lastUsed = Instant.now();
    Process running = process;
    if (running != null && running.isAlive()) {
      return base();
    }
    port = freePort();
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put("PORT", Integer.toString(port));
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    Instant start = Instant.now();
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "--- starting " + manifest.name() + " on port " + port + " at " + start + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      running = builder.start();
    } catch (IOException e) {
      throw new FunctionUnavailableException(
          "cannot start "
              + manifest.name()
              + " ("
              + String.join(" ", command)
              + "): "
              + e.getMessage());
    }
    process = running;
    coldStarts.incrementAndGet();
    running
        .onExit()
        .thenAccept(
            exited -> {
              if (exited == stoppedOnPurpose) {
                return;
              }
              lastExitCode = exited.exitValue();
              if (exited.exitValue() != 0) {
                log.warn(
                    "function {} exited with code {}; see {}",
                    manifest.name(),
                    exited.exitValue(),
                    logFile);
              }
            });
    awaitReady(running, start);
    lastStartMillis = Duration.between(start, Instant.now()).toMillis();
    log.info("function {} started on port {} in {} ms", manifest.name(), port, lastStartMillis);
    return base();
  }

  private void awaitReady(Process running, Instant start) {
    while (Duration.between(start, Instant.now()).compareTo(START_TIMEOUT) < 0) {
      if (!running.isAlive()) {
        throw new FunctionUnavailableException(
            manifest.name()
                + " exited with code "
                + running.exitValue()
                + " while starting; last lines of "
                + logFile
                + ":\n"
                + logTail());
      }
      if (ready()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FunctionUnavailableException("interrupted while starting " + manifest.name());
      }
    }
    running.destroyForcibly();
    throw new FunctionUnavailableException(
        manifest.name() + " did not become ready within " + START_TIMEOUT + "; see " + logFile);
  }

  private boolean ready() {
    if (manifest.readinessPath() == null) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        return false;
      }
    }
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(base().resolve(manifest.readinessPath().substring(1)))
                  // a JVM still warming up on a busy machine answers its first request slowly
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() >= 200 && response.statusCode() < 300;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /** Stops the process if it has been idle for its window and min-scale allows. */
  void stopIfIdle(Instant now) {
    Process running = process;
    if (running == null || !running.isAlive() || manifest.minScale() > 0 || inFlight.get() > 0) {
      return;
    }
    if (Duration.between(lastUsed, now).compareTo(manifest.idleAfter()) >= 0) {
      synchronized (this) {
        if (inFlight.get() == 0 && process == running) {
          log.info(
              "function {} idle for {}: scaling to zero", manifest.name(), manifest.idleAfter());
          stop();
        }
      }
    }
  }

  /** Kills the process at once (SIGKILL), as a crash or an evicted pod would end it. */
  synchronized void kill() throws InterruptedException {
    Process running = process;
    if (running != null) {
      stoppedOnPurpose = running;
      running.destroyForcibly().waitFor();
      process = null;
    }
  }

  synchronized void stop() {
    Process running = process;
    if (running == null) {
      return;
    }
    stoppedOnPurpose = running;
    running.destroy();
    try {
      if (!running.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  Status status() {
    Process running = process;
    boolean alive = running != null && running.isAlive();
    boolean crashed = !alive && lastExitCode != null && lastExitCode != 0 && running != null;
    return new Status(
        manifest.name(),
        alive ? "running" : crashed ? "crashed" : "idle",
        alive ? port : null,
        coldStarts.get(),
        lastStartMillis,
        lastExitCode,
        crashed ? logTail() : null);
  }

  String logTail() {
    return lastLines(logFile, 20);
  }

  /**
   * The last {@code count} lines of {@code log}, read from its end: a function's log grows with
   * every start, and a crash or a failed call reads it. Bytes that are not UTF-8 (a native
   * library's output) become replacement characters rather than an error.
   */
  static String lastLines(Path log, int count) {
    try (ReversedLinesFileReader reader =
        ReversedLinesFileReader.builder().setPath(log).setCharset(StandardCharsets.UTF_8).get()) {
      List<String> lines = new ArrayList<>(reader.readLines(count));
      Collections.reverse(lines);
      return String.join("\n", lines);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
