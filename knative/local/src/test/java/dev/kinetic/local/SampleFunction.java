package dev.kinetic.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A tiny function for runtime tests, with nothing but the JDK: it appends the id of every event it
 * receives to {@code $SAMPLE_RECEIVED} and answers 202, exits with code 3 on events of type {@code
 * $SAMPLE_CRASH_ON}, and answers {@code GET /hello} with its service name.
 */
public final class SampleFunction {

  private SampleFunction() {}

  public static void main(String[] args) throws IOException {
    Path received = Path.of(System.getenv("SAMPLE_RECEIVED"));
    String crashOn = System.getenv().getOrDefault("SAMPLE_CRASH_ON", "");
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getenv("PORT"))), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (exchange.getRequestMethod().equals("GET")) {
              byte[] hello =
                  ("hello from " + System.getenv("K_SERVICE")).getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, hello.length);
              exchange.getResponseBody().write(hello);
              return;
            }
            exchange.getRequestBody().readAllBytes();
            String type = exchange.getRequestHeaders().getFirst("ce-type");
            if (crashOn.equals(type)) {
              System.out.println("cannot handle " + type + ": exiting");
              System.exit(3);
            }
            Files.writeString(
                received,
                exchange.getRequestHeaders().getFirst("ce-id") + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            exchange.sendResponseHeaders(202, -1);
          }
        });
    server.start();
    System.out.println("sample function listening on " + System.getenv("PORT"));
  }
}
