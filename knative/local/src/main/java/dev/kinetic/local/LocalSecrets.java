package dev.kinetic.local;

import dev.kinetic.local.manifest.ServiceManifest.SecretKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Stands in for Kubernetes Secrets on one machine: a Secret key named by a manifest is a file
 * {@code <state>/secrets/<secret>/<key>}, made with 32 random bytes the first time it is needed and
 * readable by its owner only. Put a file there beforehand to choose the value.
 */
final class LocalSecrets {

  private final Path folder;
  private final SecureRandom random = new SecureRandom();

  LocalSecrets(Path folder) {
    this.folder = folder;
  }

  synchronized String value(SecretKey key) {
    Path file = folder.resolve(key.secret()).resolve(key.key());
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // the folder's own permissions are all there is
        }
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("reading secret " + key.secret() + "/" + key.key(), e);
    }
  }
}
