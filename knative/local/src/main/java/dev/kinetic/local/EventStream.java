package dev.kinetic.local;

import com.sun.net.httpserver.HttpExchange;
import dev.kinetic.contracts.Json;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every event the broker accepts, as one JSON line each, to whoever follows {@code
 * /_kinetic/events}. A follower that falls far behind loses lines rather than slowing the broker.
 */
final class EventStream {

  private static final int BACKLOG = 10_000;

  private final CopyOnWriteArrayList<BlockingQueue<String>> followers =
      new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  void publish(CloudEvent event) {
    if (followers.isEmpty()) {
      return;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", event.getTime() == null ? null : event.getTime().toString());
    line.put("type", event.getType());
    line.put("source", event.getSource().toString());
    line.put("id", event.getId());
    for (String name : event.getExtensionNames()) {
      line.put(name, String.valueOf(event.getExtension(name)));
    }
    line.put(
        "data",
        event.getData() == null
            ? null
            : new String(event.getData().toBytes(), StandardCharsets.UTF_8));
    String json = Json.MAPPER.writeValueAsString(line) + "\n";
    followers.forEach(queue -> queue.offer(json));
  }

  void follow(HttpExchange exchange) throws IOException {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>(BACKLOG);
    followers.add(queue);
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.flush();
      while (!closed) {
        String line = queue.poll(500, TimeUnit.MILLISECONDS);
        if (line != null) {
          out.write(line.getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException followerLeft) {
      // The follower disconnected.
    } finally {
      followers.remove(queue);
    }
  }

  void close() {
    closed = true;
  }
}
