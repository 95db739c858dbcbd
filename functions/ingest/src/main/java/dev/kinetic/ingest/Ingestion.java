package dev.kinetic.ingest;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.contracts.data.DatasetIngested.Origin;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.DatasetSource;
import dev.kinetic.platform.dataset.DatasetStore;
import dev.kinetic.platform.dataset.MalformedDataException;
import dev.kinetic.platform.dataset.PublishedDataset;
import dev.kinetic.platform.dataset.Row;
import dev.kinetic.platform.dataset.RowReader;
import dev.kinetic.platform.spec.ModelSpec;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.StoredObject;
import dev.kinetic.platform.store.WriteCondition;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns submitted records into a dataset version. Rows are streamed from their source, checked
 * against the model spec, PII columns tokenized, and split into accepted rows (a temporary CSV) and
 * rejected rows with their reasons (a temporary JSON Lines file); neither is ever held in memory.
 * Accepted rows are profiled and published content-addressed; rejected rows go to {@code
 * quarantine/<model>/<ingest-id>.jsonl}.
 */
public final class Ingestion {

  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);

  private final ObjectStore store;
  private final String bucket;
  private final SpecStore specs;
  private final DatasetStore datasets;
  private final Optional<PiiTokenizer> tokenizer;

  /**
   * @param bucket the bucket {@code store} is, the only one {@code s3://} locations may name
   * @param piiKey the HMAC key for PII columns; without it, a spec with PII columns cannot ingest
   */
  public Ingestion(ObjectStore store, String bucket, Optional<byte[]> piiKey) {
    this.store = store;
    this.bucket = bucket;
    this.specs = new SpecStore(store);
    this.datasets = new DatasetStore(store);
    this.tokenizer = piiKey.map(PiiTokenizer::new);
  }

  /**
   * Ingests {@code submitted}. Running it again with the same {@code ingestId} and data gives the
   * same result and writes nothing new.
   *
   * @param ingestId names the quarantine file; the id of the event that asked for it
   * @throws UnprocessableException for an unknown model, unreadable data or a missing location
   */
  public DatasetIngested ingest(String ingestId, DataSubmitted submitted) {
    return ingest(ingestId, submitted, DatasetSource.SUBMITTED);
  }

  /**
   * Ingests {@code submitted} as rows from {@code source}; the same content is the same version
   * whatever its source.
   */
  public DatasetIngested ingest(String ingestId, DataSubmitted submitted, DatasetSource source) {
    Origin origin = source.origin();
    ModelSpec spec = specs.require(submitted.model()).spec();
    if (!spec.pii().isEmpty() && tokenizer.isEmpty()) {
      throw new IllegalStateException(
          "model '"
              + spec.name()
              + "' has PII columns "
              + spec.pii()
              + " but kinetic.ingest.pii-key is not set");
    }
    Path accepted = null;
    Path rejected = null;
    try {
      accepted = Files.createTempFile("kinetic-accepted-", ".csv");
      rejected = Files.createTempFile("kinetic-rejected-", ".jsonl");
      Counts counts;
      try (RowReader rows = open(submitted)) {
        counts = split(spec, rows, accepted, rejected);
      }
      String quarantineKey = null;
      if (counts.rejected > 0) {
        quarantineKey = "quarantine/" + spec.name() + "/" + safe(ingestId) + ".jsonl";
        store.put(quarantineKey, ObjectContent.of(rejected), WriteCondition.none());
      }
      log.info("{}: {} rows accepted, {} rejected", spec.name(), counts.accepted, counts.rejected);
      if (counts.accepted == 0) {
        return new DatasetIngested(
            spec.name(), null, null, null, null, quarantineKey, 0, counts.rejected, false, origin);
      }
      Path data = accepted;
      DatasetProfile profile = DatasetProfile.of(spec, () -> RowReader.csv(newInput(data)));
      PublishedDataset published =
          datasets.publish(
              spec.name(),
              accepted,
              Json.MAPPER.writeValueAsBytes(profile),
              counts.accepted,
              source);
      return new DatasetIngested(
          spec.name(),
          published.manifest().version(),
          published.manifest().dataKey(),
          published.manifest().profileKey(),
          published.manifest().manifestKey(),
          quarantineKey,
          counts.accepted,
          counts.rejected,
          published.duplicate(),
          origin);
    } catch (IOException e) {
      throw new UncheckedIOException("ingesting data for " + spec.name(), e);
    } finally {
      deleteQuietly(accepted);
      deleteQuietly(rejected);
    }
  }

  private record Counts(long accepted, long rejected) {}

  /** The columns of the stored dataset: label, features, PII columns, in the spec's order. */
  private static List<String> columns(ModelSpec spec) {
    List<String> columns = new ArrayList<>();
    columns.add(spec.label());
    spec.features().forEach(feature -> columns.add(feature.name()));
    columns.addAll(spec.pii());
    return columns;
  }

  private Counts split(ModelSpec spec, RowReader rows, Path accepted, Path rejected)
      throws IOException {
    checkHeader(spec, rows.columns());
    RowChecker checker = new RowChecker(spec);
    List<String> columns = columns(spec);
    long acceptedRows = 0;
    long rejectedRows = 0;
    try (CSVPrinter csv =
            CSVFormat.RFC4180
                .builder()
                .setHeader(columns.toArray(String[]::new))
                .get()
                .print(Files.newBufferedWriter(accepted));
        BufferedWriter quarantine = Files.newBufferedWriter(rejected)) {
      while (rows.hasNext()) {
        Row row = rows.next();
        Map<String, String> values = tokenized(spec, row);
        List<String> problems = checker.problems(row);
        if (problems.isEmpty()) {
          List<String> record = new ArrayList<>(columns.size());
          for (String column : columns) {
            String value = values.get(column);
            record.add(value == null ? "" : value.strip());
          }
          csv.printRecord(record);
          acceptedRows++;
        } else {
          quarantine.write(
              Json.MAPPER.writeValueAsString(new QuarantinedRow(row.number(), problems, values)));
          quarantine.newLine();
          rejectedRows++;
        }
      }
    }
    return new Counts(acceptedRows, rejectedRows);
  }

  /** One rejected row as quarantined: its number in the input, why, and its values. */
  public record QuarantinedRow(long row, List<String> reasons, Map<String, String> values) {}

  private Map<String, String> tokenized(ModelSpec spec, Row row) {
    if (spec.pii().isEmpty()) {
      return row.values();
    }
    Map<String, String> values = new LinkedHashMap<>(row.values());
    for (String column : spec.pii()) {
      String value = row.value(column);
      if (value != null) {
        values.put(column, tokenizer.orElseThrow().token(value));
      }
    }
    return values;
  }

  /** A CSV header must name the label and every required feature; JSON rows are checked per row. */
  private static void checkHeader(ModelSpec spec, List<String> header) {
    if (header.isEmpty()) {
      return;
    }
    List<String> missing = new ArrayList<>();
    if (!header.contains(spec.label())) {
      missing.add(spec.label() + " (the label)");
    }
    spec.features().stream()
        .filter(feature -> feature.required() && !header.contains(feature.name()))
        .forEach(feature -> missing.add(feature.name()));
    if (!missing.isEmpty()) {
      throw new MalformedDataException(
          "the CSV header " + header + " lacks the column(s) " + String.join(", ", missing));
    }
  }

  private RowReader open(DataSubmitted submitted) {
    if (submitted.csv() != null) {
      return RowReader.csv(new StringReader(submitted.csv()));
    }
    if (submitted.rows() != null) {
      return RowReader.of(submitted.rows());
    }
    URI location = submitted.location();
    if (!bucket.equals(location.getHost())) {
      throw new UnprocessableException(
          "location",
          location + " is outside the model store; locations must be in s3://" + bucket + "/");
    }
    String key = location.getPath().replaceFirst("^/", "");
    String format = submitted.format() != null ? submitted.format() : formatOf(key);
    StoredObject object =
        store
            .get(key)
            .orElseThrow(
                () -> new UnprocessableException("location", location + " does not exist"));
    InputStream content = object.content();
    try {
      if (key.endsWith(".gz")) {
        content = new GZIPInputStream(content, 64 * 1024);
      }
    } catch (IOException e) {
      object.close();
      throw new MalformedDataException(location + " is not gzip data: " + e.getMessage(), e);
    }
    return format.equals("jsonl") ? RowReader.jsonLines(content) : RowReader.csv(content);
  }

  private static String formatOf(String key) {
    String name = key.replaceFirst("\\.gz$", "");
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return "jsonl";
    }
    throw new UnprocessableException(
        "format", "cannot tell the format of " + key + " from its suffix; set format: csv|jsonl");
  }

  private static InputStream newInput(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("could not delete {}", file, e);
      }
    }
  }
}
