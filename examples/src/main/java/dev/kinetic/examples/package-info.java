/** Seeded data for the example model specs beside this module: training sets, traffic, drift. */
package dev.kinetic.examples;
