/**
 * The event contracts every Kinetic function shares: the catalog ({@link
 * dev.kinetic.contracts.EventType}), the one way to make events ({@link
 * dev.kinetic.contracts.EventTemplate}), and the one way to judge a received event ({@link
 * dev.kinetic.contracts.EventValidator}). Plain Java: no Spring, no AWS, no ONNX Runtime.
 */
package dev.kinetic.contracts;
