package dev.kinetic.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

  @TempDir Path target;

  Path jar() throws IOException {
    Path jar = Files.writeString(target.resolve("kinetic-x-exec.jar"), "jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
    return jar;
  }

  void cache(long modified) throws IOException {
    Path app = Files.createDirectories(target.resolve("aot/app"));
    Files.writeString(app.resolve("kinetic-x-exec.jar"), "extracted");
    Path cache = Files.writeString(target.resolve("aot/app.aot"), "cache");
    Files.setLastModifiedTime(cache, FileTime.fromMillis(modified));
  }

  @Test
  void runsTheJarWhenThereIsNoCache() throws IOException {
    Path jar = jar();

    assertThat(AotCache.command("java", jar)).containsExactly("java", "-jar", jar.toString());
  }

  @Test
  void runsTheExtractedJarWithACurrentCache() throws IOException {
    Path jar = jar();
    cache(2_000_000);

    assertThat(AotCache.command("java", jar))
        .containsExactly(
            "java",
            "-XX:AOTCache=" + target.resolve("aot/app.aot"),
            "-jar",
            target.resolve("aot/app/kinetic-x-exec.jar").toString());
  }

  @Test
  void ignoresACacheOlderThanTheJar() throws IOException {
    Path jar = jar();
    cache(500_000);

    assertThat(AotCache.command("java", jar)).containsExactly("java", "-jar", jar.toString());
  }
}
