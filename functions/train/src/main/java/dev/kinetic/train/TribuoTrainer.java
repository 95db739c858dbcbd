package dev.kinetic.train;

import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import dev.kinetic.platform.features.FeatureEncoding;
import dev.kinetic.platform.features.LabelScaling;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.ModelSpec.Algorithm;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractLinearSGDModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.fm.FMRegressionTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Trains a Tribuo model on encoded rows and exports it to ONNX. Rows are encoded with the model's
 * {@link FeatureEncoding} first, so the exported graph takes exactly the vector inference builds
 * from the card.
 */
final class TribuoTrainer {

  /**
   * What training produced: the ONNX graph and how to read its outputs.
   *
   * @param weights a linear model's weights, one row per output, the bias last; null otherwise
   */
  record Trained(
      Model<?> model,
      byte[] onnx,
      List<String> labels,
      List<List<Double>> weights,
      Map<String, Object> provenance) {}

  private final ModelSpec spec;
  private final FeatureEncoding encoding;
  private final LabelScaling scaling;

  /**
   * @param scaling regression: how the label is standardised for training; classification: null
   */
  TribuoTrainer(ModelSpec spec, FeatureEncoding encoding, LabelScaling scaling) {
    this.spec = spec;
    this.encoding = encoding;
    this.scaling = scaling;
  }

  Trained train(List<Map<String, String>> rows, String datasetDescription) {
    return spec.task() == ModelSpec.Task.regression
        ? train(rows, new RegressionFactory(), regressionTrainer(), datasetDescription)
        : train(rows, new LabelFactory(), classificationTrainer(), datasetDescription);
  }

  private <T extends Output<T>> Trained train(
      List<Map<String, String>> rows,
      OutputFactory<T> factory,
      Trainer<T> trainer,
      String datasetDescription) {
    MutableDataset<T> dataset =
        new MutableDataset<>(
            new SimpleDataSourceProvenance(datasetDescription, OffsetDateTime.now(), factory),
            factory);
    for (Map<String, String> row : rows) {
      dataset.add(example(row, factory));
    }
    Model<T> model = trainer.train(dataset);
    checkFeatureOrder(model.getFeatureIDMap());
    if (!(model instanceof ONNXExportable exportable)) {
      throw new IllegalStateException(model.getClass().getSimpleName() + " cannot export ONNX");
    }
    byte[] onnx = exportable.exportONNXModel("dev.kinetic." + spec.name(), 1).toByteArray();
    List<String> labels =
        spec.task() == ModelSpec.Task.classification ? labels(model) : List.of(spec.label());
    return new Trained(
        model,
        onnx,
        labels,
        weights(model),
        jsonReady(ProvenanceUtil.convertToMap(model.getProvenance())));
  }

  private static List<List<Double>> weights(Model<?> model) {
    if (!(model instanceof AbstractLinearSGDModel<?> linear)) {
      return null;
    }
    DenseMatrix matrix = linear.getWeightsCopy();
    List<List<Double>> rows = new ArrayList<>();
    for (int output = 0; output < matrix.getDimension1Size(); output++) {
      List<Double> row = new ArrayList<>(matrix.getDimension2Size());
      for (int column = 0; column < matrix.getDimension2Size(); column++) {
        row.add(matrix.get(output, column));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> labels(Model<?> model) {
    List<String> labels = new ArrayList<>();
    for (int id = 0; id < model.getOutputIDInfo().size(); id++) {
      labels.add(((Label) model.getOutputIDInfo().getOutput(id)).getLabel());
    }
    return labels;
  }

  /**
   * Tribuo's predictions for {@code rows}, laid out as the ONNX graph's output: row-major, one
   * column per output in output-id order; regression outputs standardised, as the graph gives them.
   */
  double[] predict(Model<?> model, List<Map<String, String>> rows) {
    return spec.task() == ModelSpec.Task.regression
        ? predict(model, rows, new RegressionFactory())
        : predict(model, rows, new LabelFactory());
  }

  @SuppressWarnings("unchecked")
  private <T extends Output<T>> double[] predict(
      Model<?> untyped, List<Map<String, String>> rows, OutputFactory<T> factory) {
    Model<T> model = (Model<T>) untyped;
    int width = model.getOutputIDInfo().size();
    double[] outputs = new double[rows.size() * width];
    List<Example<T>> examples = new ArrayList<>(rows.size());
    rows.forEach(row -> examples.add(example(row, factory)));
    List<Prediction<T>> predictions = model.predict(examples);
    for (int r = 0; r < predictions.size(); r++) {
      Prediction<T> prediction = predictions.get(r);
      if (prediction.getOutput() instanceof Regressor regressor) {
        outputs[r * width] = regressor.getValues()[0];
      } else {
        Map<String, T> scores = prediction.getOutputScores();
        for (int id = 0; id < width; id++) {
          Label label = (Label) model.getOutputIDInfo().getOutput(id);
          outputs[r * width + id] = ((Label) scores.get(label.getLabel())).getScore();
        }
      }
    }
    return outputs;
  }

  private <T extends Output<T>> Example<T> example(
      Map<String, String> row, OutputFactory<T> factory) {
    String label = row.get(spec.label());
    T output =
        factory.generateOutput(
            scaling == null
                ? label
                : Double.toString(scaling.standardise(Double.parseDouble(label))));
    double[] values = encoding.encode(row);
    // Every column, zeros included, so Tribuo's feature map is exactly the encoding's columns.
    return new ArrayExample<>(output, encoding.names().toArray(String[]::new), values);
  }

  private void checkFeatureOrder(ImmutableFeatureMap features) {
    List<String> tribuo = new ArrayList<>();
    for (int id = 0; id < features.size(); id++) {
      tribuo.add(features.get(id).getName());
    }
    if (!tribuo.equals(encoding.names())) {
      throw new IllegalStateException(
          "Tribuo numbered the features " + tribuo + ", not as encoded: " + encoding.names());
    }
  }

  private Trainer<Label> classificationTrainer() {
    Parameters p = new Parameters(spec);
    return switch (spec.trainer().algorithm()) {
      case LOGISTIC_REGRESSION ->
          new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
              new LogMulticlass(),
              p.optimiser(),
              p.epochs(),
              Integer.MAX_VALUE,
              p.minibatch(),
              p.seed());
      case LINEAR_SGD ->
          new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
              new Hinge(), p.optimiser(), p.epochs(), Integer.MAX_VALUE, p.minibatch(), p.seed());
      case FACTORIZATION_MACHINE ->
          new FMClassificationTrainer(
              new LogMulticlass(),
              p.optimiser(),
              p.epochs(),
              Integer.MAX_VALUE,
              p.minibatch(),
              p.seed(),
              p.factors(),
              p.variance());
    };
  }

  private Trainer<Regressor> regressionTrainer() {
    Parameters p = new Parameters(spec);
    return switch (spec.trainer().algorithm()) {
      case LINEAR_SGD ->
          new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
              new SquaredLoss(),
              p.optimiser(),
              p.epochs(),
              Integer.MAX_VALUE,
              p.minibatch(),
              p.seed());
      case FACTORIZATION_MACHINE ->
          new FMRegressionTrainer(
              new SquaredLoss(),
              p.optimiser(),
              p.epochs(),
              Integer.MAX_VALUE,
              p.minibatch(),
              p.seed(),
              p.factors(),
              p.variance(),
              true);
      case LOGISTIC_REGRESSION ->
          throw new IllegalArgumentException(Algorithm.LOGISTIC_REGRESSION + " cannot regress");
    };
  }

  /** The spec's trainer parameters, with defaults. */
  record Parameters(ModelSpec spec) {
    int epochs() {
      return integer("epochs", 10);
    }

    int minibatch() {
      return integer("minibatchSize", 1);
    }

    int factors() {
      return integer("factors", 4);
    }

    double variance() {
      return number("variance", 0.1);
    }

    long seed() {
      return spec.trainer().seed();
    }

    AdaGrad optimiser() {
      return new AdaGrad(number("learningRate", 0.1), 0.1);
    }

    private int integer(String name, int fallback) {
      Object value = spec.trainer().parameters().get(name);
      return value instanceof Number n ? n.intValue() : fallback;
    }

    private double number(String name, double fallback) {
      Object value = spec.trainer().parameters().get(name);
      return value instanceof Number n ? n.doubleValue() : fallback;
    }
  }

  /** Provenance values as plain JSON types; anything else becomes its string form. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonReady(Map<String, ?> map) {
    Map<String, Object> clean = new LinkedHashMap<>();
    map.forEach((key, value) -> clean.put(key, jsonValue(value)));
    return clean;
  }

  @SuppressWarnings("unchecked")
  private static Object jsonValue(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return jsonReady((Map<String, ?>) map);
    }
    if (value instanceof Collection<?> list) {
      return list.stream().map(TribuoTrainer::jsonValue).toList();
    }
    return value.toString();
  }
}
