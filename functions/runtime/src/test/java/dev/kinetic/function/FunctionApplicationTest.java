package dev.kinetic.function;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionApplicationTest {

  /** An application class, and the initializer {@code process-aot} would write for it. */
  static class Sample {}

  static class Sample__ApplicationContextInitializer {}

  @TempDir Path folder;

  @Test
  void aDevelopmentRunFromTheClassFolderIgnoresWhatProcessAotLeftThere() {
    assertThat(FunctionApplication.builtAheadOfTime(Sample.class)).isFalse();
  }

  @Test
  void runningFromAJarBuiltWithItsInitializerUsesIt() throws Exception {
    Path jar = jar(Sample.class, Sample__ApplicationContextInitializer.class);

    try (URLClassLoader loader = isolated(jar)) {
      assertThat(FunctionApplication.builtAheadOfTime(loader.loadClass(Sample.class.getName())))
          .isTrue();
    }
  }

  @Test
  void aJarBuiltWithoutProcessAotStartsAsUsual() throws Exception {
    Path jar = jar(Sample.class);

    try (URLClassLoader loader = isolated(jar)) {
      assertThat(FunctionApplication.builtAheadOfTime(loader.loadClass(Sample.class.getName())))
          .isFalse();
    }
  }

  /** Loads only from {@code jar} (and the JDK), not from this test's class folder. */
  private static URLClassLoader isolated(Path jar) throws IOException {
    return new URLClassLoader(
        new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  private Path jar(Class<?>... classes) throws IOException {
    Path jar = folder.resolve("function.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (Class<?> type : classes) {
        String entry = type.getName().replace('.', '/') + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (InputStream bytes = type.getClassLoader().getResourceAsStream(entry)) {
          bytes.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
