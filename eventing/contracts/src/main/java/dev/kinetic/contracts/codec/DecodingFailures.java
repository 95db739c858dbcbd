package dev.kinetic.contracts.codec;

import dev.kinetic.contracts.InvalidEventException;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.rw.CloudEventRWException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the CloudEvents SDK's decoding exceptions into violations that name the attribute. The SDK
 * reports the attribute only inside its messages, so the patterns below follow them; the codec
 * tests cover each one, so a change in a new SDK version fails a test instead of a user.
 */
final class DecodingFailures {

  private static final Pattern NULL_ATTRIBUTE =
      Pattern.compile("Attribute '(\\w+)' cannot be null");
  private static final Pattern INVALID_VALUE =
      Pattern.compile("Invalid attribute/extension value for \"(\\w+)\": (.*)");
  private static final Pattern MISSING_IN_JSON =
      Pattern.compile("Missing mandatory (\\w+) attribute");
  private static final Pattern WRONG_TYPE_IN_JSON =
      Pattern.compile("Wrong type (\\w+) for attribute (\\w+), expecting (\\w+)");

  private DecodingFailures() {}

  static InvalidEventException explain(RuntimeException e) {
    if (e instanceof InvalidEventException invalid) {
      return invalid;
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof CloudEventRWException rw) {
      switch (rw.getKind()) {
        case UNKNOWN_ENCODING:
          return new InvalidEventException(
              "specversion",
              "is required: not a CloudEvent (send ce-specversion with the other ce- attributes,"
                  + " or the whole event as application/cloudevents+json)");
        case INVALID_SPEC_VERSION:
          return new InvalidEventException(
              "specversion",
              "'"
                  + message.replace("Invalid specversion: ", "")
                  + "' is not supported; Kinetic accepts 1.0");
        default:
          break;
      }
    }
    Matcher matcher = NULL_ATTRIBUTE.matcher(message);
    if (matcher.find()) {
      return new InvalidEventException(matcher.group(1), "is required");
    }
    matcher = INVALID_VALUE.matcher(message);
    if (matcher.find()) {
      return new InvalidEventException(
          matcher.group(1), "invalid value '" + matcher.group(2) + "'");
    }
    if (e instanceof EventDeserializationException) {
      String cause = e.getCause() == null ? message : String.valueOf(e.getCause().getMessage());
      matcher = MISSING_IN_JSON.matcher(cause);
      if (matcher.find()) {
        return new InvalidEventException(matcher.group(1), "is required");
      }
      matcher = WRONG_TYPE_IN_JSON.matcher(cause);
      if (matcher.find()) {
        return new InvalidEventException(
            matcher.group(2),
            "must be a "
                + matcher.group(3).toLowerCase(Locale.ROOT)
                + ", was a "
                + matcher.group(1).toLowerCase(Locale.ROOT));
      }
      return new InvalidEventException(
          "body",
          "is not a structured CloudEvent in JSON: " + cause.lines().findFirst().orElse(""));
    }
    return new InvalidEventException("event", "cannot be read: " + message);
  }
}
