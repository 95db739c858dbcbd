package dev.kinetic.contracts.data;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Records submitted for a model: exactly one of inline {@code csv} (with a header), inline JSON
 * {@code rows}, or an S3 {@code location} (read as {@code format}, by default from its suffix).
 */
public record DataSubmitted(
    String model, String csv, List<Map<String, Object>> rows, URI location, String format)
    implements ModelScoped {

  public static DataSubmitted inlineCsv(String model, String csv) {
    return new DataSubmitted(model, csv, null, null, null);
  }
}
