/**
 * The {@code data} of each event in the catalog, one record per type, mirroring the JSON Schemas
 * under {@code schemas/events/}. Optional fields are {@code null} when absent and are left out when
 * written. Enum constants are spelled as they are on the wire.
 */
package dev.kinetic.contracts.data;
