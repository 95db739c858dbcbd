package dev.kinetic.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSinkTest {

  @TempDir Path folder;

  @Test
  void sendsTheTokenInTheFileAsItIsAtEachSend() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer broker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    broker.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(202, -1);
          }
        });
    broker.start();
    try {
      Path token = folder.resolve("token");
      Files.writeString(token, "first\n");
      EventSink sink =
          new EventSink(
              Optional.of(URI.create("http://127.0.0.1:" + broker.getAddress().getPort() + "/")),
              Optional.of(token));

      sink.send(CanonicalEvents.of(EventType.MODEL_ROLLED_BACK));
      Files.writeString(token, "rotated");
      sink.send(CanonicalEvents.of(EventType.MODEL_ROLLED_BACK));

      assertThat(authorizations).containsExactly("Bearer first", "Bearer rotated");
    } finally {
      broker.stop(0);
    }
  }
}
