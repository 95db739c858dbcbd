package dev.kinetic.local.cli;

import dev.kinetic.local.AotCache;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinetic aot}: JDK AOT caches for the function jars, for faster cold starts. */
@Command(
    name = "aot",
    description =
        "Train a JDK AOT cache for each function jar (about half the cold start); `up` uses"
            + " them while they are newer than their jars.")
final class Aot implements Callable<Integer> {

  @Option(
      names = "--repository",
      description = "The checkout (default: the one the launcher runs from).")
  Path repository;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path checkout = repository != null ? repository : Kinetic.home();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Path> jars = AotCache.functionJars(checkout);
    if (jars.isEmpty()) {
      spec.commandLine().getErr().println("no function jars under " + checkout + "/functions");
      return 1;
    }
    for (Path jar : jars) {
      long start = System.nanoTime();
      Path cache = AotCache.create(java, jar);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: %s in %.1f s%n",
              jar.getFileName(), checkout.relativize(cache), (System.nanoTime() - start) / 1e9);
    }
    return 0;
  }
}
