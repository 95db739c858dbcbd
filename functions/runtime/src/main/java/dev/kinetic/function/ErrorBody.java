package dev.kinetic.function;

import dev.kinetic.contracts.Violation;
import java.util.List;

/**
 * The JSON body of every refusal: what went wrong and where. A Knative broker copies it into the
 * dead-lettered event's {@code knativeerrordata}, so it is the first thing an operator reads.
 */
public record ErrorBody(int status, String error, List<Violation> violations) {}
