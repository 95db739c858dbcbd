/**
 * Datasets as immutable, content-addressed versions: {@code
 * datasets/<model>/<sha256>/{data.csv,profile.json,manifest.json}}. The manifest is written last
 * and marks the version as complete.
 */
package dev.kinetic.platform.dataset;
