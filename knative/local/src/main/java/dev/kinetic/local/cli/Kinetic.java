package dev.kinetic.local.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code kinetic} command. */
@Command(
    name = "kinetic",
    mixinStandardHelpOptions = true,
    version = "kinetic 0.1.0",
    description = "Event-driven, scale-to-zero ML functions, on one machine or on Knative.",
    subcommands = {
      Up.class,
      DemoCommand.class,
      Send.class,
      Example.class,
      Status.class,
      Events.class,
      Down.class,
      Token.class,
      Aot.class,
      Deploy.class,
      RolloutCommand.class
    })
public final class Kinetic implements Runnable {

  /** The checkout the launcher runs from; the default for manifests and state. */
  static Path home() {
    String home = System.getenv("KINETIC_HOME");
    return Path.of(home == null ? "." : home).toAbsolutePath().normalize();
  }

  /** Options every command shares. */
  static final class StateOption {
    @Option(
        names = "--state",
        description = "Folder of the runtime's state (default: .kinetic in the checkout).")
    Path state;

    Path state() {
      return state != null ? state : home().resolve(".kinetic");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs a command line writing to {@code out} and {@code err}; tests call this. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Kinetic())
        // "--data @file" is ours to read; picocli would otherwise expand @file into arguments.
        .setExpandAtFiles(false)
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(
            (error, commandLine, parseResult) -> {
              // Expected failures (not running, port taken, invalid manifests) need no stack trace.
              commandLine.getErr().println("kinetic: " + error.getMessage());
              return 1;
            })
        .execute(args);
  }
}
