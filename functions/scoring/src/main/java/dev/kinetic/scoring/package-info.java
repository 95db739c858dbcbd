/**
 * ONNX models in ONNX Runtime: loading, shape checks and batch scoring, shared by every function.
 */
package dev.kinetic.scoring;
