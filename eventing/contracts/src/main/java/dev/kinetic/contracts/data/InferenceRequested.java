package dev.kinetic.contracts.data;

import java.util.List;
import java.util.Map;

/** Rows to score by event; {@code version} pins a model version, else the champion answers. */
public record InferenceRequested(
    String model,
    String version,
    String requestId,
    List<Map<String, Object>> instances,
    Boolean explain)
    implements ModelScoped {}
