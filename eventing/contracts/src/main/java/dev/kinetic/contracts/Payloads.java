package dev.kinetic.contracts;

import io.cloudevents.CloudEvent;
import tools.jackson.core.JacksonException;

/** Reads and writes event {@code data} as the catalog's records, with the one JSON mapping. */
public final class Payloads {

  private Payloads() {}

  /**
   * The event's data as {@code type}. Call it on a validated event; a failure here names the data
   * as invalid all the same.
   */
  public static <T> T read(CloudEvent event, Class<T> type) {
    if (event.getData() == null) {
      throw new InvalidEventException("data", "is required");
    }
    try {
      return Json.MAPPER.readValue(event.getData().toBytes(), type);
    } catch (JacksonException e) {
      throw new InvalidEventException(
          "data", "does not map to " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  public static byte[] write(Object data) {
    return Json.MAPPER.writeValueAsBytes(data);
  }
}
