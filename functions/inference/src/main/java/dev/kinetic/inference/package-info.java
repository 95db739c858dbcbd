/** The inference function: champion models served over the Open Inference Protocol and by event. */
package dev.kinetic.inference;
