package dev.kinetic.local.cli;

import dev.kinetic.local.Demo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description =
        "The closed loop, narrated: train and promote the fraud model, score live traffic with feedback, shift the traffic, watch drift trigger a retraining that is promoted and recovers accuracy. Writes .kinetic/report.html; exits non-zero if a stage fails.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "Run the broker on Kafka: 'embedded' starts a one-node KRaft Kafka in this process.")
  String kafka;

  @Option(
      names = "--timeout",
      defaultValue = "PT5M",
      description =
          "Fail if the demo has not finished after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--report",
      description = "Where the HTML report goes (default: .kinetic/report.html in the checkout).")
  Path report;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path home = Kinetic.home();
    Path file = report != null ? report : home.resolve(".kinetic/report.html");
    Demo.Result result =
        Demo.run(new Demo.Options(home, home.resolve(".kinetic/demo"), kafka, timeout, out));
    Demo.printSummary(result, out);
    Demo.writeReport(result, file);
    out.printf("Report: %s%n", file.toUri());
    out.flush();
    return result.passed() ? 0 : 1;
  }
}
