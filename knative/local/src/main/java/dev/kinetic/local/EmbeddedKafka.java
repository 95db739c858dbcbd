package dev.kinetic.local;

import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node Kafka in KRaft mode inside this process, from Kafka's own Maven artifacts (its
 * in-process cluster kit), for {@code kinetic up --kafka embedded} and benchmarks. Its logs live
 * under a folder of the caller's; a new start formats that folder anew.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts the node with its data under {@code directory}; returns once it takes requests. */
  public static EmbeddedKafka start(Path directory) {
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .setBaseDirectory(directory)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Kafka", e);
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      throw new IllegalStateException("embedded Kafka did not stop cleanly", e);
    }
  }
}
