/**
 * Model specs: what a model learns from and how it is trained, promoted and watched, read from YAML
 * or JSON and checked against {@code schemas/specs/model-spec.v1.json} plus the rules a schema
 * cannot express. Enum constants are spelled as they are in spec files.
 */
package dev.kinetic.platform.spec;
