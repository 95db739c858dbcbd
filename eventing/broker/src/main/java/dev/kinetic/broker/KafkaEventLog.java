package dev.kinetic.broker;

import dev.kinetic.contracts.InvalidEventException;
import dev.kinetic.contracts.codec.KafkaCodec;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events in a Kafka topic, laid out as the Knative Kafka Broker does: topic {@code
 * knative-broker-<namespace>-<name>}, binary-mode records ({@code ce_} headers) keyed by {@code
 * partitionkey}, and one consumer group {@code knative-trigger-<namespace>-<trigger>} per Trigger.
 * An append returns once Kafka acknowledged the record on all in-sync replicas; a group's offsets
 * are committed only after its handler finished every event before them, so a restart redelivers
 * what was in flight and loses nothing.
 */
public final class KafkaEventLog implements EventLog {

  private static final Logger log = LoggerFactory.getLogger(KafkaEventLog.class);
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrap;
  private final String namespace;
  private final String topic;
  private final int maxInFlight;
  private final KafkaProducer<String, byte[]> producer;
  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

  /**
   * Connects to {@code bootstrap} and creates the broker's topic if it does not exist.
   *
   * @param partitions the topic's partitions when it is created
   */
  public KafkaEventLog(String bootstrap, String namespace, String broker, int partitions) {
    this.bootstrap = bootstrap;
    this.namespace = namespace;
    this.topic = topicOf(namespace, broker);
    this.maxInFlight = 256;
    createTopic(partitions);
    Properties producerConfig = new Properties();
    producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Appends wait for their acknowledgement, so concurrent ingress requests share batches.
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 1);
    producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, APPEND_TIMEOUT.toMillis());
    this.producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
  }

  public static String topicOf(String namespace, String broker) {
    return "knative-broker-" + namespace + "-" + broker;
  }

  public static String groupOf(String namespace, String trigger) {
    return "knative-trigger-" + namespace + "-" + trigger;
  }

  public String topic() {
    return topic;
  }

  private void createTopic(int partitions) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(APPEND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + topic + " at " + bootstrap, e.getCause());
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka at " + bootstrap + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + topic, e);
    }
  }

  @Override
  public void append(CloudEvent event) {
    try {
      producer
          .send(KafkaCodec.encode(topic, event))
          .get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new LogFullException("Kafka did not acknowledge within " + APPEND_TIMEOUT);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka refused the event: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while appending", e);
    }
  }

  @Override
  public void subscribe(
      String name, Predicate<CloudEvent> interest, boolean ordered, Handler handler) {
    Subscription subscription = new Subscription(name, interest, ordered, handler);
    subscriptions.add(subscription);
    subscription.thread.start();
  }

  @Override
  public void close() {
    subscriptions.forEach(Subscription::stop);
    subscriptions.forEach(Subscription::join);
    producer.close(Duration.ofSeconds(5));
  }

  private final class Subscription {
    private final String name;
    private final Predicate<CloudEvent> interest;
    private final boolean ordered;
    private final Handler handler;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Semaphore inFlight = new Semaphore(maxInFlight);
    private final Thread thread;
    private volatile boolean stopping;

    Subscription(String name, Predicate<CloudEvent> interest, boolean ordered, Handler handler) {
      this.name = name;
      this.interest = interest;
      this.ordered = ordered;
      this.handler = handler;
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(namespace, name));
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      // Knative starts new groups at "latest"; a Trigger here reads what was appended before its
      // consumer joined, so that no event accepted at start-up is skipped.
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
      // Retries with backoff can hold a batch for minutes; do not let the group evict us for it.
      config.put(
          ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
      this.consumer =
          new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
      this.thread = Thread.ofPlatform().name("kinetic-trigger-" + name).unstarted(this::run);
    }

    private void run() {
      try (consumer) {
        consumer.subscribe(List.of(topic));
        while (!stopping) {
          ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
          if (records.isEmpty()) {
            continue;
          }
          boolean complete = handleAll(records);
          if (complete && !stopping) {
            consumer.commitSync(nextOffsets(records));
          }
        }
      } catch (WakeupException stopped) {
        // close() woke the consumer; uncommitted events are redelivered on the next start.
      } catch (RuntimeException e) {
        log.error("trigger {} stopped consuming {}", name, topic, e);
      }
    }

    /** Hands every record over; true once all were handled, false if stopped part-way. */
    private boolean handleAll(ConsumerRecords<String, byte[]> records) {
      Map<String, List<CloudEvent>> byKey = new LinkedHashMap<>();
      int unkeyed = 0;
      for (ConsumerRecord<String, byte[]> record : records) {
        CloudEvent event = decode(record);
        if (event == null || !interest.test(event)) {
          continue;
        }
        String key = ordered && record.key() != null ? record.key() : "\u0000" + unkeyed++;
        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
      }
      List<CompletableFuture<?>> running = new ArrayList<>();
      try {
        for (List<CloudEvent> sequence : byKey.values()) {
          while (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            if (stopping) {
              return false;
            }
          }
          // the events of one key one after the other; different keys side by side
          CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
          for (CloudEvent event : sequence) {
            chain = chain.thenCompose(previous -> handle(event));
          }
          running.add(chain.whenComplete((done, failure) -> inFlight.release()));
        }
        CompletableFuture<Void> all =
            CompletableFuture.allOf(running.toArray(new CompletableFuture<?>[0]));
        while (!stopping) {
          try {
            all.get(100, TimeUnit.MILLISECONDS);
            return true;
          } catch (TimeoutException stillDelivering) {
            // check for a stop between waits
          }
        }
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (ExecutionException e) {
        log.error("trigger {} failed while handling events", name, e.getCause());
        return false;
      }
    }

    private CompletableFuture<?> handle(CloudEvent event) {
      try {
        return handler.handle(event).toCompletableFuture();
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private CloudEvent decode(ConsumerRecord<String, byte[]> record) {
      try {
        return KafkaCodec.decode(record);
      } catch (InvalidEventException e) {
        log.warn(
            "trigger {} skips record {}-{}@{}: {}",
            name,
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
        return null;
      }
    }

    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(
        ConsumerRecords<String, byte[]> records) {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
        offsets.put(partition, new OffsetAndMetadata(inPartition.getLast().offset() + 1));
      }
      return offsets;
    }

    void stop() {
      stopping = true;
      consumer.wakeup();
    }

    void join() {
      try {
        thread.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
