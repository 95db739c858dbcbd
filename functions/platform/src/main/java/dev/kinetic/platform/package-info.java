/**
 * Plain Java the functions share: stores on the S3 API, model specs, dataset profiles, feature
 * encoding, metrics and telemetry. No Spring, no ONNX Runtime.
 */
package dev.kinetic.platform;
