/** The registry function: the gate between a trained version and the champion that serves. */
package dev.kinetic.registry;
