package dev.kinetic.broker;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Executors;

/** A stand-alone HTTP server for {@link BrokerIngress}, on virtual threads. */
public final class BrokerServer implements AutoCloseable {

  private final HttpServer server;

  private BrokerServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Serves {@code brokers} on {@code address} (port 0 picks a free one).
   *
   * @throws IOException if the address is taken
   */
  public static BrokerServer start(InetSocketAddress address, List<Broker> brokers)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    server.createContext("/", new BrokerIngress(brokers));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return new BrokerServer(server);
  }

  public URI uri() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  /** Where producers post events for {@code broker}. */
  public URI uriOf(Broker broker) {
    return uri().resolve(broker.path());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
