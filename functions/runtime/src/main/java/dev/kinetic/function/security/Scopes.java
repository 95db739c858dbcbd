package dev.kinetic.function.security;

/** The OAuth2 scopes Kinetic's APIs ask for, as they appear in a token's {@code scope} claim. */
public final class Scopes {

  /** Predictions: the inference APIs. */
  public static final String PREDICT = "predict";

  /** Submitting data straight to the ingest function. */
  public static final String INGEST = "ingest";

  /** Reading and changing the platform's state: registry, audit, drift, dead letters. */
  public static final String ADMIN = "admin";

  /** Delivering events, as a broker does. */
  public static final String EVENTS = "events";

  private Scopes() {}
}
