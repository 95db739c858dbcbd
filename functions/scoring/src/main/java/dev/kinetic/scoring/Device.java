package dev.kinetic.scoring;

/**
 * Where ONNX Runtime runs a model. {@code auto} uses CUDA when its provider loads and the CPU
 * otherwise, with a warning; {@code cuda} refuses to start without it; {@code cpu} never tries.
 */
public enum Device {
  auto,
  cpu,
  cuda
}
