package dev.kinetic.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {

  private static final String PLATFORM = NativeLibraries.platform().orElseThrow();
  private static final String LIBRARY = System.mapLibraryName("onnxruntime");
  private static final String JNI = System.mapLibraryName("onnxruntime4j_jni");

  private final ClassLoader loader = NativeLibrariesTest.class.getClassLoader();

  @Test
  void theFirstModelLoadedHasOnnxRuntimeLoadItsLibrariesFromTheCache() {
    // kinetic.native.cache is target/native-cache (the module's surefire settings)
    assertThat(System.getProperty(NativeLibraries.NATIVE_PATH)).isNull();
    assertThatThrownBy(() -> OnnxModel.load(new byte[] {1, 2, 3}, 1))
        .isInstanceOf(ScoringException.class)
        .hasMessageStartingWith("ONNX Runtime cannot load the model");
    OrtEnvironment environment = OrtEnvironment.getEnvironment();

    Path folder = Path.of(System.getProperty(NativeLibraries.NATIVE_PATH));
    assertThat(folder.getParent()).isEqualTo(NativeLibraries.cacheRoot());
    assertThat(folder.resolve(LIBRARY)).isRegularFile();
    assertThat(environment.getVersion()).isEqualTo("1.28.0");
  }

  @Test
  void unpacksOnceAndThenOnlyFindsTheLibraries(@TempDir Path root) throws Exception {
    Path folder = NativeLibraries.unpack(loader, PLATFORM, root).orElseThrow();
    assertThat(folder.getParent()).isEqualTo(root);
    assertThat(folder.getFileName().toString()).startsWith("onnxruntime-" + PLATFORM + "-");
    assertThat(Files.size(folder.resolve(LIBRARY)))
        .isEqualTo(resourceSize(LIBRARY))
        .isGreaterThan(1_000_000);
    assertThat(folder.resolve(JNI)).isRegularFile();
    FileTime unpacked = FileTime.fromMillis(0);
    Files.setLastModifiedTime(folder.resolve(LIBRARY), unpacked);

    assertThat(NativeLibraries.unpack(loader, PLATFORM, root)).contains(folder);
    assertThat(Files.getLastModifiedTime(folder.resolve(LIBRARY))).isEqualTo(unpacked);
    assertThat(entries(root)).containsExactly(folder);
  }

  @Test
  void theSameLibrariesFromAnotherJarShareTheFolder(@TempDir Path root, @TempDir Path elsewhere)
      throws Exception {
    // As a rebuilt function's jar holds the same ONNX Runtime jar with another date.
    Path ortJar =
        Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path copy = Files.copy(ortJar, elsewhere.resolve("onnxruntime-copy.jar"));
    Files.setLastModifiedTime(copy, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    Path folder = NativeLibraries.unpack(loader, PLATFORM, root).orElseThrow();

    try (URLClassLoader other = new URLClassLoader(new URL[] {copy.toUri().toURL()}, null)) {
      assertThat(NativeLibraries.unpack(other, PLATFORM, root)).contains(folder);
    }
    assertThat(entries(root)).containsExactly(folder);
  }

  @Test
  void replacesALibraryOfTheWrongSize(@TempDir Path root) throws Exception {
    Path folder = NativeLibraries.unpack(loader, PLATFORM, root).orElseThrow();
    Files.write(folder.resolve(LIBRARY), new byte[] {1, 2, 3});

    assertThat(NativeLibraries.unpack(loader, PLATFORM, root)).contains(folder);
    assertThat(Files.size(folder.resolve(LIBRARY))).isEqualTo(resourceSize(LIBRARY));
    assertThat(entries(root)).containsExactly(folder);
  }

  @Test
  void processesStartingTogetherAllGetOneCompleteFolder(@TempDir Path root) throws Exception {
    List<Callable<Optional<Path>>> starts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      starts.add(() -> NativeLibraries.unpack(loader, PLATFORM, root));
    }
    List<Path> folders = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      for (Future<Optional<Path>> start : pool.invokeAll(starts)) {
        folders.add(start.get().orElseThrow());
      }
    }

    assertThat(folders).hasSize(4).containsOnly(folders.getFirst());
    assertThat(Files.size(folders.getFirst().resolve(LIBRARY))).isEqualTo(resourceSize(LIBRARY));
    assertThat(entries(root)).containsExactly(folders.getFirst()); // no half-unpacked copy left
  }

  @Test
  void findsNothingWhereOnnxRuntimeIsNotOnTheClassPath(@TempDir Path root) throws Exception {
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(NativeLibraries.unpack(empty, PLATFORM, root)).isEmpty();
    }
    assertThat(entries(root)).isEmpty();
  }

  private long resourceSize(String file) throws Exception {
    return loader
        .getResource("ai/onnxruntime/native/" + PLATFORM + "/" + file)
        .openConnection()
        .getContentLengthLong();
  }

  private static List<Path> entries(Path root) throws Exception {
    try (Stream<Path> entries = Files.list(root)) {
      return entries.toList();
    }
  }
}
