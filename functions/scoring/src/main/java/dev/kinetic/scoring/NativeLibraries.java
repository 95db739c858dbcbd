package dev.kinetic.scoring;

import dev.kinetic.platform.store.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's native libraries, unpacked from its jar once into a cache folder and loaded from
 * there. Left to itself, ONNX Runtime copies them into a new temporary folder at every start (24 MB
 * for the CPU build, 650 MB with the CUDA provider): about 230 ms of each cold start on two cores.
 *
 * <p>The folder is named after the libraries' sizes and checksums in the jar, so another ONNX
 * Runtime version or build (the GPU one) gets its own. It is filled under a temporary name and
 * renamed when complete, so processes starting together never load a half-written library. When
 * {@code onnxruntime.native.path} is already set (an image that ships the libraries unpacked), or
 * the cache cannot be written, ONNX Runtime is left to load them its own way.
 */
final class NativeLibraries {

  private static final Logger log = LoggerFactory.getLogger(NativeLibraries.class);

  /** ONNX Runtime's setting: the folder that holds all of its native libraries. */
  static final String NATIVE_PATH = "onnxruntime.native.path";

  /** Where the cache goes, when not under the user's cache folder. */
  static final String CACHE = "kinetic.native.cache";

  /** The libraries ONNX Runtime loads from that folder: its own, the JNI binding, providers. */
  private static final List<String> LIBRARIES =
      List.of(
          "onnxruntime",
          "onnxruntime4j_jni",
          "onnxruntime_providers_shared",
          "onnxruntime_providers_cuda",
          "onnxruntime_providers_tensorrt",
          "onnxruntime_providers_rocm",
          "onnxruntime_providers_dnnl",
          "onnxruntime_providers_openvino",
          "onnxruntime_providers_qnn",
          "webgpu_dawn",
          "dxil",
          "dxcompiler");

  private NativeLibraries() {}

  /**
   * Points ONNX Runtime at the cached libraries, unpacking them first if they are not there. Called
   * once, by {@link OnnxModel}'s class initialization.
   */
  static void prepare() {
    if (System.getProperty(NATIVE_PATH) != null) {
      return;
    }
    Optional<String> platform = platform();
    if (platform.isEmpty()) {
      return;
    }
    try {
      unpack(NativeLibraries.class.getClassLoader(), platform.get(), cacheRoot())
          .ifPresent(folder -> System.setProperty(NATIVE_PATH, folder.toString()));
    } catch (IOException | RuntimeException e) {
      log.warn(
          "cannot cache ONNX Runtime's native libraries ({}); it unpacks them at each start",
          e.toString());
    }
  }

  /**
   * The folder under {@code root} that holds the libraries found at {@code
   * ai/onnxruntime/native/<platform>/} on {@code loader}, unpacking them if needed; empty when
   * there are none.
   */
  static Optional<Path> unpack(ClassLoader loader, String platform, Path root) throws IOException {
    List<Library> libraries = new ArrayList<>();
    for (String name : LIBRARIES) {
      String file = System.mapLibraryName(name);
      URL resource = loader.getResource("ai/onnxruntime/native/" + platform + "/" + file);
      if (resource != null) {
        URLConnection connection = resource.openConnection();
        libraries.add(
            new Library(
                file,
                resource,
                connection.getContentLengthLong(),
                // the entry's checksum: the same libraries get the same folder, whichever jar
                // (a rebuilt function's, Maven's) they come from
                connection instanceof JarURLConnection jar
                    ? jar.getJarEntry().getCrc()
                    : connection.getLastModified()));
      }
    }
    if (libraries.isEmpty()) {
      return Optional.empty();
    }
    Path folder = root.resolve("onnxruntime-" + platform + "-" + fingerprint(libraries));
    if (isComplete(folder, libraries)) {
      log.debug("ONNX Runtime's native libraries from {}", folder);
      return Optional.of(folder);
    }
    Files.createDirectories(root);
    Path partial = Files.createTempDirectory(root, ".unpacking-");
    try {
      for (Library library : libraries) {
        try (InputStream in = library.resource().openStream()) {
          Files.copy(in, partial.resolve(library.file()));
        }
      }
      if (Files.exists(folder) && !isComplete(folder, libraries)) {
        deleteRecursively(folder); // not ours to trust: a size differs, or a file is missing
      }
      Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      log.info("ONNX Runtime's native libraries unpacked once to {}", folder);
    } catch (IOException e) {
      // another process starting at the same time renamed its copy first
      if (!isComplete(folder, libraries)) {
        throw e;
      }
    } finally {
      deleteRecursively(partial);
    }
    return Optional.of(folder);
  }

  private record Library(String file, URL resource, long size, long version) {}

  private static boolean isComplete(Path folder, List<Library> libraries) throws IOException {
    for (Library library : libraries) {
      Path file = folder.resolve(library.file());
      if (!Files.isRegularFile(file) || Files.size(file) != library.size()) {
        return false;
      }
    }
    return true;
  }

  /** The first 16 hex digits of the SHA-256 of the libraries' names, sizes and versions. */
  private static String fingerprint(List<Library> libraries) {
    StringBuilder text = new StringBuilder();
    for (Library library : libraries) {
      text.append(library.file()).append(':').append(library.size()).append(':');
      text.append(library.version()).append('\n');
    }
    return Sha256.of(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** {@code kinetic.native.cache}, else {@code $XDG_CACHE_HOME/kinetic}, else ~/.cache/kinetic. */
  static Path cacheRoot() {
    String configured = System.getProperty(CACHE);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "kinetic");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "kinetic");
  }

  /** ONNX Runtime's name for this machine's folder in its jar, e.g. {@code linux-x64}. */
  static Optional<String> platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String system =
        os.contains("mac") || os.contains("darwin")
            ? "osx"
            : os.contains("win") ? "win" : os.contains("nux") ? "linux" : null;
    String cpu =
        arch.equals("amd64") || arch.equals("x86_64")
            ? "x64"
            : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : null;
    return system == null || cpu == null ? Optional.empty() : Optional.of(system + "-" + cpu);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
