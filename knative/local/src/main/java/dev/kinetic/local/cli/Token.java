package dev.kinetic.local.cli;

import dev.kinetic.local.DevIssuer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinetic token}: prints a token from the local runtime's dev issuer. */
@Command(
    name = "token",
    description = {
      "Print a bearer token that the functions of ./kinetic up accept.",
      "Example: curl -H \"Authorization: Bearer $(./kinetic token --scope predict)\" ..."
    })
final class Token implements Callable<Integer> {

  @Option(
      names = "--scope",
      required = true,
      description =
          "A scope the token grants, repeatable: predict (inference), ingest (submitting data to"
              + " ingest), admin (registry, audit, drift, dead letters), events (delivering events"
              + " as the broker does).")
  List<Scope> scopes;

  @Option(
      names = "--ttl",
      defaultValue = "PT1H",
      description = "How long the token is valid, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(
      names = "--subject",
      defaultValue = "developer",
      description = "The token's subject (default: ${DEFAULT-VALUE}).")
  String subject;

  @Mixin Kinetic.StateOption state;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The scopes there are; picocli lists them in errors. */
  enum Scope {
    predict,
    ingest,
    admin,
    events
  }

  @Override
  public Integer call() {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("--ttl must be positive, got " + ttl);
    }
    String token =
        DevIssuer.open(state.state())
            .token(subject, ttl, scopes.stream().distinct().map(Scope::name).toList());
    spec.commandLine().getOut().println(token);
    return 0;
  }
}
