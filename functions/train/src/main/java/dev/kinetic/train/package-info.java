/** The train function: from dataset versions to a checked, measured, published model version. */
package dev.kinetic.train;
