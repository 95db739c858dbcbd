/** The ingest function: from submitted records to a checked, profiled dataset version. */
package dev.kinetic.ingest;
