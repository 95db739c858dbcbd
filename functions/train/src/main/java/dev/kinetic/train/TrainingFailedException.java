package dev.kinetic.train;

import dev.kinetic.platform.UnprocessableException;

/**
 * A training that cannot succeed however often it is retried: too little data, or an exported model
 * that does not predict what Tribuo predicts. Nothing was published.
 */
class TrainingFailedException extends UnprocessableException {

  private static final long serialVersionUID = 1L;

  TrainingFailedException(String field, String message) {
    super(field, message);
  }
}
