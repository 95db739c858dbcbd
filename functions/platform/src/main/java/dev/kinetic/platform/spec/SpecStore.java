package dev.kinetic.platform.spec;

import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Model specs in the bucket, at {@code specs/<model>.yaml}. A spec is checked before it is stored,
 * so every stored spec parses.
 */
public final class SpecStore {

  private static final String PREFIX = "specs/";
  private static final String SUFFIX = ".yaml";

  private final ObjectStore store;

  public SpecStore(ObjectStore store) {
    this.store = store;
  }

  /** A spec as stored, with the SHA-256 of its text for lineage. */
  public record StoredSpec(ModelSpec spec, String sha256) {}

  /**
   * Stores {@code yaml} as the spec of the model it names, replacing any earlier one.
   *
   * @throws SpecException if the text is not a valid spec
   */
  public ModelSpec put(String yaml, String source) {
    ModelSpec spec = ModelSpecs.parse(yaml, source);
    store.put(key(spec.name()), yaml.getBytes(StandardCharsets.UTF_8));
    return spec;
  }

  public Optional<StoredSpec> find(String model) {
    return store
        .get(key(model))
        .map(
            object -> {
              byte[] bytes = object.readAllBytes();
              String text = new String(bytes, StandardCharsets.UTF_8);
              return new StoredSpec(ModelSpecs.parse(text, key(model)), Sha256.of(bytes));
            });
  }

  /**
   * The spec of {@code model}, which an event named.
   *
   * @throws UnprocessableException naming the event's {@code model} when there is no such spec
   */
  public StoredSpec require(String model) {
    return find(model)
        .orElseThrow(
            () ->
                new UnprocessableException(
                    "model",
                    "there is no model '" + model + "': no spec at specs/" + model + ".yaml"));
  }

  /** The names of every model with a spec. */
  public List<String> models() {
    return store.list(PREFIX).stream()
        .map(info -> info.key().substring(PREFIX.length()))
        .filter(name -> name.endsWith(SUFFIX))
        .map(name -> name.substring(0, name.length() - SUFFIX.length()))
        .toList();
  }

  private static String key(String model) {
    return PREFIX + model + SUFFIX;
  }
}
