package dev.kinetic.contracts.data;

import java.util.List;

/** The reply to {@link InferenceRequested}: one prediction per instance, in order. */
public record InferenceCompleted(
    String model, String modelVersion, String requestId, List<Prediction> predictions)
    implements ModelScoped {}
