/** From named feature values to a model's input vector, reproducibly on both sides of a model. */
package dev.kinetic.platform.features;
