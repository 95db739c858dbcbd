package dev.kinetic.broker;

import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Which events a Trigger wants, with Knative's semantics: the legacy {@code filter.attributes}
 * (every attribute equal) and the {@code filters} dialects {@code exact}, {@code prefix}, {@code
 * suffix}, {@code all}, {@code any} and {@code not}. Attributes are context attributes or
 * extensions; an attribute the event lacks matches nothing.
 */
public sealed interface TriggerFilter {

  boolean matches(CloudEvent event);

  /** Every event: a Trigger without filters. */
  TriggerFilter ALL_EVENTS = new All(List.of());

  static TriggerFilter exact(Map<String, String> attributes) {
    return new Compare("exact", attributes, String::equals);
  }

  static TriggerFilter prefix(Map<String, String> attributes) {
    return new Compare("prefix", attributes, String::startsWith);
  }

  static TriggerFilter suffix(Map<String, String> attributes) {
    return new Compare("suffix", attributes, String::endsWith);
  }

  static TriggerFilter all(List<TriggerFilter> filters) {
    return new All(filters);
  }

  static TriggerFilter any(List<TriggerFilter> filters) {
    return new Any(filters);
  }

  static TriggerFilter not(TriggerFilter filter) {
    return new Not(filter);
  }

  /** The legacy {@code filter.attributes}: exact match on every key. */
  static TriggerFilter attributes(Map<String, String> attributes) {
    return exact(attributes);
  }

  /** The value of a context attribute or extension as a string, or null if absent. */
  static String attribute(CloudEvent event, String name) {
    Object value =
        switch (name) {
          case "specversion" -> event.getSpecVersion().toString();
          case "id" -> event.getId();
          case "source" -> event.getSource();
          case "type" -> event.getType();
          case "subject" -> event.getSubject();
          case "datacontenttype" -> event.getDataContentType();
          case "dataschema" -> event.getDataSchema();
          case "time" -> event.getTime();
          default -> event.getExtension(name);
        };
    return value == null ? null : value.toString();
  }

  /** {@code exact}, {@code prefix} or {@code suffix}: each listed attribute compares true. */
  record Compare(String dialect, Map<String, String> attributes, BiPredicate<String, String> test)
      implements TriggerFilter {
    public Compare {
      if (attributes.isEmpty()) {
        throw new IllegalArgumentException(dialect + " filter needs at least one attribute");
      }
      attributes = Map.copyOf(attributes);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return attributes.entrySet().stream()
          .allMatch(
              expected -> {
                String actual = attribute(event, expected.getKey());
                return actual != null && test.test(actual, expected.getValue());
              });
    }

    @Override
    public String toString() {
      return dialect + attributes;
    }
  }

  record All(List<TriggerFilter> filters) implements TriggerFilter {
    public All {
      filters = List.copyOf(filters);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return filters.stream().allMatch(filter -> filter.matches(event));
    }
  }

  record Any(List<TriggerFilter> filters) implements TriggerFilter {
    public Any {
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("any filter needs at least one filter");
      }
      filters = List.copyOf(filters);
    }

    @Override
    public boolean matches(CloudEvent event) {
      return filters.stream().anyMatch(filter -> filter.matches(event));
    }
  }

  record Not(TriggerFilter filter) implements TriggerFilter {
    @Override
    public boolean matches(CloudEvent event) {
      return !filter.matches(event);
    }
  }
}
