package dev.kinetic.local.cli;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import io.cloudevents.CloudEvent;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kinetic example}: generates seeded data for an example model and submits it as {@code
 * data.submitted}, or prints it as CSV.
 */
@Command(
    name = "example",
    description = "Submit (or print) seeded example data for the fraud or house-prices model.")
final class Example implements Callable<Integer> {

  @Parameters(paramLabel = "MODEL", description = "fraud or house-prices.")
  String model;

  @Option(
      names = "--rows",
      defaultValue = "5000",
      description = "How many rows (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "The seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scenario",
      defaultValue = "training",
      description = "training, live, or shifted (drifted) data (default: ${DEFAULT-VALUE}).")
  Scenario scenario;

  @Option(names = "--print", description = "Print the CSV instead of submitting it.")
  boolean print;

  @Mixin BrokerTarget target;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ExampleData data;
    try {
      data = ExampleData.of(model);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    StringBuilder csv = new StringBuilder();
    data.writeCsv(csv, rows, seed, scenario);
    if (print) {
      spec.commandLine().getOut().print(csv);
      return 0;
    }
    CloudEvent event =
        EventTemplate.forFunction("cli", new EventValidator())
            .event(DataSubmitted.inlineCsv(model, csv.toString()));
    if (target.publish(event, HttpCodec.Mode.BINARY, spec.commandLine().getErr()) == null) {
      return 1;
    }
    spec.commandLine()
        .getOut()
        .printf(
            "submitted %d %s rows of %s as %s; follow with: kinetic events%n",
            rows, scenario, model, event.getId());
    return 0;
  }
}
