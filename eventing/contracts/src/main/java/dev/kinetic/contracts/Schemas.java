package dev.kinetic.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.net.URI;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema validation (draft 2020-12) of bundled schemas. Schema ids under a base URI resolve to
 * classpath resources, so nothing is ever fetched over the network.
 */
public final class Schemas {

  private final SchemaRegistry registry;

  /**
   * @param base the URI prefix of the schema ids, e.g. {@code https://kinetic.dev/schemas/events/}
   * @param classpathFolder where those schemas are bundled, e.g. {@code schemas/events/}
   * @param pathType how error locations are spelled: JSON pointers for events, JSON paths for files
   *     people write
   */
  public Schemas(String base, String classpathFolder, PathType pathType) {
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder ->
                builder
                    .schemaIdResolvers(ids -> ids.mapPrefix(base, "classpath:" + classpathFolder))
                    .schemaRegistryConfig(
                        SchemaRegistryConfig.builder()
                            .pathType(pathType)
                            .formatAssertionsEnabled(true)
                            .build()));
  }

  /** Loads a schema and everything it refers to; a missing or broken schema fails here. */
  public Schema load(URI id) {
    Schema schema = registry.getSchema(SchemaLocation.of(id.toString()));
    schema.initializeValidators();
    return schema;
  }

  /** Every violation of {@code schema} by {@code instance}, located relative to the instance. */
  public static List<Violation> violations(
      Schema schema, JsonNode instance, String locationPrefix) {
    return violations(schema, instance, locationPrefix, error -> true);
  }

  /**
   * As {@link #violations}, except for properties that objects closed by {@code
   * "additionalProperties": false} do not define: what the schema defines must still be valid.
   */
  public static List<Violation> violationsOfDefinedFields(
      Schema schema, JsonNode instance, String locationPrefix) {
    return violations(schema, instance, locationPrefix, error -> !isUndefinedProperty(error));
  }

  private static List<Violation> violations(
      Schema schema, JsonNode instance, String locationPrefix, Predicate<Error> reported) {
    return schema.validate(instance).stream()
        .filter(reported)
        .map(error -> new Violation(location(locationPrefix, error), reason(error)))
        .toList();
  }

  private static boolean isUndefinedProperty(Error error) {
    return "additionalProperties".equals(error.getKeyword())
        && error.getSchemaNode() != null
        && error.getSchemaNode().isBoolean()
        && !error.getSchemaNode().asBoolean();
  }

  /** {@code prefix} followed by the instance location without the path type's root. */
  private static String location(String prefix, Error error) {
    String path = error.getInstanceLocation().toString();
    String relative = path.substring(error.getInstanceLocation().getPathType().getRoot().length());
    if (prefix.isEmpty() && relative.startsWith(".")) {
      relative = relative.substring(1);
    }
    return prefix + relative;
  }

  /** The message without the location networknt puts in front of it. */
  private static String reason(Error error) {
    String message = error.getMessage();
    String location = error.getInstanceLocation().toString();
    return message.startsWith(location + ": ") ? message.substring(location.length() + 2) : message;
  }
}
