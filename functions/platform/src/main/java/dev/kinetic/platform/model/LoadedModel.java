package dev.kinetic.platform.model;

/** A model version's card and its ONNX bytes, verified against the card's SHA-256. */
public record LoadedModel(ModelCard card, byte[] onnx) {}
