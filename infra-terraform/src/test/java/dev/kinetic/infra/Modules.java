package dev.kinetic.infra;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Terraform under {@code infra-terraform/}, parsed with hcl4j: a module is the merge of its
 * {@code *.tf} files. hcl4j evaluates what it can; references it cannot resolve come back as their
 * text or as nothing, so tests assert on literals and on which references are used.
 */
final class Modules {

  static final Path ROOT =
      Path.of(System.getProperty("infra.root", ".")).toAbsolutePath().normalize();

  private Modules() {}

  static Path module(String name) {
    return ROOT.resolve("modules").resolve(name);
  }

  static List<Path> all() {
    try (Stream<Path> modules = Files.list(ROOT.resolve("modules"))) {
      return modules.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every {@code *.tf} file of {@code module}, parsed and merged by top-level block. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(Path module) {
    Map<String, Object> merged = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(module)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        HCLParser parser = new HCLParser();
        // The parser's own data "http" lookup would make network calls while parsing.
        parser.registerDataLookup("http", properties -> properties);
        Map<String, Object> parsed =
            parser.parse(Files.readString(file, StandardCharsets.UTF_8), false);
        parsed.forEach(
            (block, content) ->
                merged.merge(
                    block,
                    content,
                    (a, b) -> {
                      Map<String, Object> both = new LinkedHashMap<>((Map<String, Object>) a);
                      both.putAll((Map<String, Object>) b);
                      return both;
                    }));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot parse " + module + ": " + e.getMessage(), e);
    }
    return merged;
  }

  /** The map at {@code path} (block type, then labels and attribute names). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> at(Map<String, Object> parsed, String... path) {
    Object node = parsed;
    for (String step : path) {
      if (!(node instanceof Map<?, ?> map) || !map.containsKey(step)) {
        throw new AssertionError("no " + String.join(".", path) + " (missing " + step + ")");
      }
      node = map.get(step);
    }
    return (Map<String, Object>) node;
  }

  /** A nested block that may appear once (a map) or several times (a list), as a list. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> blocks(Object node) {
    if (node == null) {
      return List.of();
    }
    return node instanceof List<?> list
        ? (List<Map<String, Object>>) list
        : List.of((Map<String, Object>) node);
  }

  /** Every distinct text {@code pattern}'s first group captures in {@code text}. */
  static Set<String> captured(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
