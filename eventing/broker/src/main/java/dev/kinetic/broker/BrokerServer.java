package dev.kinetic.broker;

import dev.kinetic.broker.BrokerIngress.Answer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ChannelBindException;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A stand-alone HTTP server for {@link BrokerIngress}, on Netty. Requests are read and events
 * published on Netty's event loops, except into a log whose appends wait (Kafka's acknowledgement):
 * those are published on virtual threads.
 */
public final class BrokerServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BrokerServer.class);

  private final DisposableServer server;
  private final ExecutorService publishing;

  private BrokerServer(DisposableServer server, ExecutorService publishing) {
    this.server = server;
    this.publishing = publishing;
  }

  /**
   * Serves {@code brokers} on {@code address} (port 0 picks a free one).
   *
   * @throws IOException if the address is taken
   */
  public static BrokerServer start(InetSocketAddress address, List<Broker> brokers)
      throws IOException {
    BrokerIngress ingress = new BrokerIngress(brokers);
    ExecutorService publishing = Executors.newVirtualThreadPerTaskExecutor();
    Scheduler publisher = Schedulers.fromExecutorService(publishing, "broker-publish");
    try {
      DisposableServer server =
          HttpServer.create()
              .bindAddress(() -> address)
              .handle((request, response) -> serve(ingress, publisher, request, response))
              .bindNow();
      return new BrokerServer(server, publishing);
    } catch (ChannelBindException e) {
      publishing.close();
      BindException taken = new BindException(address + ": " + e.getMessage());
      taken.initCause(e);
      throw taken;
    }
  }

  private static Publisher<Void> serve(
      BrokerIngress ingress,
      Scheduler publisher,
      HttpServerRequest request,
      HttpServerResponse response) {
    String path = new QueryStringDecoder(request.uri()).path();
    Answer routed = ingress.route(request.method().name(), path);
    if (routed != null) {
      return respond(response, routed);
    }
    Broker broker = ingress.brokerAt(path);
    Map<String, String> headers = new HashMap<>();
    request
        .requestHeaders()
        .forEach(header -> headers.putIfAbsent(header.getKey(), header.getValue()));
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    // Netty's decoder has refused a malformed length already.
    long announced = length == null ? -1 : Long.parseLong(length.trim());
    if (announced > BrokerIngress.DRAIN_BYTES) {
      // Too long to read and discard: answer at once and close the connection.
      return respond(response.keepAlive(false), BrokerIngress.tooLarge(broker));
    }
    Body body = new Body(BrokerIngress.bodyLimit(broker), announced);
    Mono<Body> received = request.receive().reduce(body, Body::add).defaultIfEmpty(body);
    return (broker.publishWaits() ? received.publishOn(publisher) : received)
        .map(
            read ->
                read.oversize()
                    ? BrokerIngress.tooLarge(broker)
                    : ingress.accept(broker, headers, read.bytes()))
        .onErrorResume(
            TooLong.class,
            tooLong -> {
              response.keepAlive(false);
              return Mono.just(BrokerIngress.tooLarge(broker));
            })
        .onErrorResume(
            RuntimeException.class,
            e -> {
              log.error("ingress failed", e);
              return Mono.just(
                  Answer.error(500, "the broker failed to take the event: " + e, List.of()));
            })
        .flatMap(answer -> Mono.from(respond(response, answer)));
  }

  private static Publisher<Void> respond(HttpServerResponse response, Answer answer) {
    answer.headers().forEach(response::header);
    response.status(answer.status());
    if (answer.body().length == 0) {
      return response.send();
    }
    return response.sendByteArray(Mono.just(answer.body()));
  }

  /**
   * A request body read up to the broker's limit; past it the rest is read and discarded up to
   * {@link BrokerIngress#DRAIN_BYTES}, so that a client still sending can read the 413.
   */
  private static final class Body {
    private final long limit;
    private final ByteArrayOutputStream bytes;
    private long read;

    Body(long limit, long announced) {
      this.limit = limit;
      this.bytes =
          new ByteArrayOutputStream((int) Math.clamp(announced, 0, Math.min(limit, 64 * 1024)));
    }

    Body add(ByteBuf chunk) {
      int length = chunk.readableBytes();
      read += length;
      if (read > BrokerIngress.DRAIN_BYTES) {
        throw new TooLong();
      }
      if (read <= limit) {
        bytes.writeBytes(ByteBufUtil.getBytes(chunk));
      }
      return this;
    }

    boolean oversize() {
      return read > limit;
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  /** A body past {@link BrokerIngress#DRAIN_BYTES}: answered 413 without reading the rest. */
  private static final class TooLong extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLong() {
      super(null, null, false, false);
    }
  }

  public URI uri() {
    InetSocketAddress address = (InetSocketAddress) server.address();
    return URI.create("http://" + address.getHostString() + ":" + address.getPort());
  }

  /** Where producers post events for {@code broker}. */
  public URI uriOf(Broker broker) {
    return uri().resolve(broker.path());
  }

  @Override
  public void close() {
    server.disposeNow();
    publishing.close();
  }
}
