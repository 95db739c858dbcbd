/**
 * The {@code kinetic} command line: {@code up}, {@code send}, {@code status}, {@code events},
 * {@code down}.
 */
package dev.kinetic.local.cli;
