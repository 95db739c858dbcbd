package dev.kinetic.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end of a function's log, as {@code kinetic status} and the gateway's 502 show it. */
class LogTailTest {

  @TempDir Path folder;

  @Test
  void theLastLinesOfALongLogInTheirOrder() throws Exception {
    Path log = folder.resolve("long.log");
    Files.writeString(
        log,
        IntStream.rangeClosed(1, 100_000)
            .mapToObj(i -> "line " + i)
            .collect(Collectors.joining("\n", "", "\n")));

    assertThat(LocalService.lastLines(log, 3)).isEqualTo("line 99998\nline 99999\nline 100000");
  }

  @Test
  void bytesThatAreNotUtf8DoNotHideTheLog() throws Exception {
    Path log = folder.resolve("native.log");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("started\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}); // an invalid UTF-8 sequence
    bytes.writeBytes("exiting with code 3\n".getBytes(StandardCharsets.UTF_8));
    Files.write(log, bytes.toByteArray());

    assertThat(LocalService.lastLines(log, 20))
        .startsWith("started\n")
        .endsWith("\nexiting with code 3");
  }

  @Test
  void aShortLogWhole() throws Exception {
    Path log = folder.resolve("short.log");
    Files.writeString(log, "only\ntwo\n");

    assertThat(LocalService.lastLines(log, 20)).isEqualTo("only\ntwo");
  }

  @Test
  void noLogSaysSo() {
    assertThat(LocalService.lastLines(folder.resolve("missing.log"), 20))
        .startsWith("(no log: ")
        .contains("missing.log");
  }
}
