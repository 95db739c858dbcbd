/**
 * Model versions ({@code models/<model>/<version>/model.onnx + card.json}, immutable) and the
 * champion alias ({@code models/<model>/aliases/champion.json}), the one mutable pointer, moved
 * only by compare-and-set.
 */
package dev.kinetic.platform.model;
