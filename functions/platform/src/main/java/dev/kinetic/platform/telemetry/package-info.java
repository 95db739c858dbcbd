/**
 * OpenTelemetry for a function, set up in one place: the SDK from the standard {@code OTEL_*}
 * settings with nothing exported unless an endpoint or port is given; W3C trace context carried in
 * the CloudEvents {@code traceparent}/{@code tracestate} extensions; and one wrapper that gives
 * every event a function processes its span and its timing.
 */
package dev.kinetic.platform.telemetry;
