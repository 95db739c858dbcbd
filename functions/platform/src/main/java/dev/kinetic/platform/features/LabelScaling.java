package dev.kinetic.platform.features;

import dev.kinetic.platform.dataset.DatasetProfile;

/**
 * How a regression target is standardised for training: SGD on raw prices in the hundreds of
 * thousands would need far more steps than on standard scores. The model predicts standard scores;
 * {@link #restore} turns them back into the label's unit.
 */
public record LabelScaling(double mean, double scale) {

  public static LabelScaling fit(DatasetProfile.NumericProfile label) {
    return new LabelScaling(label.mean(), label.std() > 0 ? label.std() : 1.0);
  }

  public double standardise(double value) {
    return (value - mean) / scale;
  }

  public double restore(double standardised) {
    return standardised * scale + mean;
  }
}
