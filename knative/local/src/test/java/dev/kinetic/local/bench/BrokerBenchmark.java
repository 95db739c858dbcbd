package dev.kinetic.local.bench;

import dev.kinetic.broker.Broker;
import dev.kinetic.broker.BrokerServer;
import dev.kinetic.broker.DeliverySpec;
import dev.kinetic.broker.EventLog;
import dev.kinetic.broker.InMemoryEventLog;
import dev.kinetic.broker.KafkaEventLog;
import dev.kinetic.broker.Trigger;
import dev.kinetic.broker.TriggerFilter;
import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.codec.HttpMessage;
import dev.kinetic.contracts.codec.KafkaCodec;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.local.EmbeddedKafka;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * Broker throughput and ingress-to-subscriber latency, 1 KiB events, a no-op subscriber, on this
 * machine: the in-memory log, the Kafka log, and raw Kafka producer-to-consumer for the same
 * records as the baseline of the Kafka log. A harness, not a test; run it with
 *
 * <pre>
 * ./mvnw -q -pl knative/local -am package -DskipTests
 * java -cp "knative/local/target/test-classes:knative/local/target/kinetic-local.jar" \
 *     dev.kinetic.local.bench.BrokerBenchmark
 * </pre>
 */
public final class BrokerBenchmark {

  private static final int CONCURRENCY = 64;
  private static final String SENT_AT = "benchsentnanos";

  // Producers and subscriber on Netty, without a thread per request, so that the harness spends
  // as little of the two cores as it can.
  private final HttpClient http =
      HttpClient.create(ConnectionProvider.builder("bench").maxConnections(CONCURRENCY).build());
  private final Subscriber subscriber;
  private final CloudEvent template;

  private BrokerBenchmark() throws Exception {
    subscriber = new Subscriber();
    String csv = "amount,country,label\n" + "125.50,DE,legit\n".repeat(80);
    template =
        EventTemplate.forFunction("bench", new EventValidator())
            .event(DataSubmitted.inlineCsv("fraud", csv.substring(0, 1000)));
  }

  public static void main(String[] args) {
    try {
      run();
      System.exit(0);
    } catch (Exception e) {
      // Kafka's and the HTTP client's threads would keep a failed run alive.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run() throws Exception {
    BrokerBenchmark bench = new BrokerBenchmark();
    Path kafkaData = Files.createTempDirectory("kinetic-bench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaData)) {
      System.out.printf(
          "event data: %d bytes; %d concurrent producers; %d cores%n",
          bench.template.getData().toBytes().length,
          CONCURRENCY,
          Runtime.getRuntime().availableProcessors());
      // A long warm-up: 15 s in, the JIT compilers still took a core of the two compiling the
      // Netty paths, and a short one measured them instead of the broker.
      Result memory =
          bench.throughput("in-memory", name -> new InMemoryEventLog(), 60_000, 100_000);
      double direct = bench.direct(20_000, 100_000);
      System.out.printf(
          "direct HTTP      %,10.0f events/s producer->subscriber, no broker: one exchange, where"
              + " a broker takes two%n",
          direct);
      System.out.printf(
          "in-memory / (direct HTTP / 2) = %.2f%n", memory.eventsPerSecond / (direct / 2));
      Result kafkaMode =
          bench.throughput(
              "kafka",
              name -> new KafkaEventLog(kafka.bootstrapServers(), "bench", name, 4),
              2_000,
              20_000);
      double raw = bench.rawKafka(kafka.bootstrapServers(), 20_000);
      System.out.printf(
          "raw kafka        %,10.0f events/s (producer -> consumer, same records)%n", raw);
      System.out.printf("kafka mode / raw kafka = %.2f%n", kafkaMode.eventsPerSecond / raw);
      bench.latencyAtRate(
          "in-memory", name -> new InMemoryEventLog(), memory.eventsPerSecond / 2, 20_000);
      bench.latencyAtRate(
          "kafka",
          name -> new KafkaEventLog(kafka.bootstrapServers(), "bench", name, 4),
          kafkaMode.eventsPerSecond / 2,
          10_000);
    } finally {
      bench.subscriber.close();
    }
  }

  private record Result(double eventsPerSecond, long[] latenciesNanos) {}

  interface LogFactory {
    EventLog create(String broker);
  }

  /**
   * Posts as fast as {@link #CONCURRENCY} producers can, until every event reached the subscriber.
   */
  private Result throughput(String label, LogFactory logs, int warmup, int events)
      throws Exception {
    try (Running running = new Running(logs)) {
      running.send(warmup, 0);
      long start = System.nanoTime();
      running.send(events, 0);
      double seconds = (System.nanoTime() - start) / 1e9;
      Result result = new Result(events / seconds, subscriber.latencies(events));
      System.out.printf(
          "%-16s %,10.0f events/s ingress->subscriber (%d events, %.1f s; %d retries)%n",
          label,
          result.eventsPerSecond,
          events,
          seconds,
          running.broker.stats().get("noop").retried());
      return result;
    }
  }

  /** The same producers posting straight to the subscriber: the floor of one HTTP exchange. */
  private double direct(int warmup, int events) throws Exception {
    send(subscriber.uri(), warmup, 0);
    long start = System.nanoTime();
    send(subscriber.uri(), events, 0);
    return events / ((System.nanoTime() - start) / 1e9);
  }

  private void latencyAtRate(String label, LogFactory logs, double rate, int events)
      throws Exception {
    try (Running running = new Running(logs)) {
      running.send(2_000, 0);
      running.send(events, rate);
      long[] latencies = subscriber.latencies(events);
      Arrays.sort(latencies);
      System.out.printf(
          "%-16s at %,.0f events/s: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          label,
          rate,
          latencies[latencies.length / 2] / 1e6,
          latencies[(int) (latencies.length * 0.99)] / 1e6,
          latencies[latencies.length - 1] / 1e6);
    }
  }

  /**
   * Sends {@code count} events to {@code target}, paced at {@code rate} per second (0: as fast as
   * possible), and waits for their delivery.
   */
  private void send(URI target, int count, double rate) throws Exception {
    subscriber.reset(count);
    Semaphore slots = new Semaphore(CONCURRENCY);
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      slots.acquire();
      CloudEvent event =
          CloudEventBuilder.from(template)
              .withId(UUID.randomUUID().toString())
              .withExtension(SENT_AT, Long.toString(System.nanoTime()))
              .build();
      HttpMessage message = HttpCodec.encode(event, HttpCodec.Mode.BINARY);
      http.post()
          .uri(target)
          .send(
              (request, out) -> {
                message.headers().forEach(request::header);
                return out.sendByteArray(Mono.just(message.body()));
              })
          .responseSingle((head, body) -> body.then(Mono.just(head.status().code())))
          .subscribe(
              status -> {
                if (status != 202) {
                  failures.incrementAndGet();
                }
                slots.release();
              },
              error -> {
                failures.incrementAndGet();
                slots.release();
              });
    }
    slots.acquire(CONCURRENCY);
    slots.release(CONCURRENCY);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " events were refused");
    }
    subscriber.awaitAll(Duration.ofMinutes(2));
  }

  /** A broker with one Trigger to the no-op subscriber, served over HTTP. */
  private final class Running implements AutoCloseable {
    final Broker broker;
    final BrokerServer server;
    final URI ingress;

    Running(LogFactory logs) throws Exception {
      String name = "b" + UUID.randomUUID().toString().substring(0, 6);
      broker =
          Broker.builder("bench", name)
              .eventLog(logs.create(name))
              .delivery(
                  new DeliverySpec(
                      3,
                      DeliverySpec.BackoffPolicy.EXPONENTIAL,
                      Duration.ofMillis(200),
                      Duration.ofSeconds(30),
                      null))
              .trigger(Trigger.to("noop", subscriber.uri(), TriggerFilter.ALL_EVENTS))
              .build()
              .start();
      server = BrokerServer.start(new InetSocketAddress("127.0.0.1", 0), List.of(broker));
      ingress = server.uriOf(broker);
    }

    void send(int count, double rate) throws Exception {
      BrokerBenchmark.this.send(ingress, count, rate);
    }

    @Override
    public void close() {
      server.close();
      broker.close();
    }
  }

  /**
   * Raw Kafka: the same binary-mode records, produced by as many threads and consumed by one
   * consumer.
   */
  private double rawKafka(String bootstrap, int events) throws Exception {
    String topic = "raw-" + UUID.randomUUID().toString().substring(0, 6);
    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    Properties consumerConfig = new Properties();
    consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        KafkaConsumer<String, byte[]> consumer =
            new KafkaConsumer<>(
                consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      producer.send(KafkaCodec.encode(topic, template)).get();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int warm = 0;
      while (warm < 1 && System.nanoTime() < deadline) {
        warm += consumer.poll(Duration.ofMillis(100)).count();
      }
      AtomicLong consumed = new AtomicLong();
      long start = System.nanoTime();
      Semaphore slots = new Semaphore(CONCURRENCY);
      Thread producing =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < events; i++) {
                      slots.acquireUninterruptibly();
                      // Each send waits for its acknowledgement, as a broker append does.
                      CloudEvent event =
                          CloudEventBuilder.from(template)
                              .withId(UUID.randomUUID().toString())
                              .build();
                      producer.send(
                          KafkaCodec.encode(topic, event), (metadata, error) -> slots.release());
                    }
                  });
      while (consumed.get() < events) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
        records.forEach(record -> KafkaCodec.decode(record));
        consumed.addAndGet(records.count());
        consumer.commitSync();
      }
      producing.join();
      return events / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** A subscriber that answers 202 at once and notes how long each event took from the producer. */
  private static final class Subscriber implements AutoCloseable {
    private final DisposableServer server;
    private volatile long[] latencies = new long[0];
    private final AtomicInteger received = new AtomicInteger();

    Subscriber() {
      server =
          HttpServer.create()
              .host("127.0.0.1")
              .port(0)
              .handle(
                  (request, response) ->
                      request
                          .receive()
                          .then(
                              Mono.defer(
                                  () -> {
                                    note(request.requestHeaders().get("ce-" + SENT_AT));
                                    return response.status(202).send().then();
                                  })))
              .bindNow();
    }

    private void note(String sent) {
      int n = received.getAndIncrement();
      long[] sink = latencies;
      if (sent != null && n < sink.length) {
        sink[n] = System.nanoTime() - Long.parseLong(sent);
      }
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    void reset(int expected) {
      latencies = new long[expected];
      received.set(0);
    }

    void awaitAll(Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received.get() < latencies.length) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "only " + received.get() + " of " + latencies.length + " events arrived");
        }
        Thread.sleep(5);
      }
    }

    long[] latencies(int count) {
      return Arrays.copyOf(latencies, count);
    }

    @Override
    public void close() {
      server.disposeNow();
    }
  }
}
