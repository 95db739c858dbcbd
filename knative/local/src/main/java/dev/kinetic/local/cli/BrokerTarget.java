package dev.kinetic.local.cli;

import dev.kinetic.contracts.codec.HttpCodec;
import io.cloudevents.CloudEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The broker a command publishes to, behind the runtime's gateway. */
final class BrokerTarget {

  @Option(
      names = "--broker",
      defaultValue = "kinetic/default",
      description = "namespace/name of the broker (default: ${DEFAULT-VALUE}).")
  String broker;

  @Mixin GatewayOptions gateway;

  /**
   * Publishes {@code event}; when the broker refuses it, says why on {@code err}.
   *
   * @return the broker's address if it accepted the event, else null
   */
  URI publish(CloudEvent event, HttpCodec.Mode mode, PrintWriter err) {
    GatewayClient client = gateway.client();
    HttpResponse<String> response = client.publish(broker, event, mode);
    if (response.statusCode() == 202) {
      return client.uri().resolve("/" + broker);
    }
    err.printf("refused with %d: %s%n", response.statusCode(), response.body());
    return null;
  }
}
