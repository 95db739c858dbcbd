package dev.kinetic.platform.audit;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.contracts.data.InferenceLogged.Decision;
import dev.kinetic.contracts.data.Prediction;
import dev.kinetic.platform.store.ObjectContent;
import dev.kinetic.platform.store.ObjectInfo;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.PreconditionFailedException;
import dev.kinetic.platform.store.StoredObject;
import dev.kinetic.platform.store.WriteCondition;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable decision log: {@code audit/<model>/date=YYYY-MM-DD/<batch-id>.jsonl.gz}, one JSON
 * line per decision. A batch is written once, under its id, so a redelivered event or a batch that
 * was both sent and spilled is stored once.
 */
public final class AuditLog {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final String SPILL = "audit-spill/";

  private final ObjectStore store;

  public AuditLog(ObjectStore store) {
    this.store = store;
  }

  /**
   * One line of the log: the decision with the model version that made it, and who asked for it
   * (null when the function checked no tokens).
   */
  public record Record(
      String model,
      String modelVersion,
      String batchId,
      String requestId,
      Instant time,
      Map<String, Object> inputs,
      Prediction output,
      long latencyMicros,
      String caller) {}

  static String key(String model, LocalDate date, String batchId) {
    return "audit/" + model + "/date=" + date + "/" + batchId + ".jsonl.gz";
  }

  /**
   * Writes {@code batch}, split by the UTC date of each decision.
   *
   * @return how many decisions were new (0 when the batch was already written)
   */
  public int write(InferenceLogged batch) {
    Map<LocalDate, List<Decision>> byDate = new TreeMap<>();
    for (Decision decision : batch.decisions()) {
      byDate
          .computeIfAbsent(
              LocalDate.ofInstant(decision.time(), ZoneOffset.UTC), d -> new ArrayList<>())
          .add(decision);
    }
    int written = 0;
    for (Map.Entry<LocalDate, List<Decision>> day : byDate.entrySet()) {
      String key = key(batch.model(), day.getKey(), batch.batchId());
      try {
        store.put(key, ObjectContent.of(gzipped(batch, day.getValue())), WriteCondition.ifAbsent());
        written += day.getValue().size();
      } catch (PreconditionFailedException alreadyWritten) {
        log.debug("{} is already in the log", key);
      }
    }
    return written;
  }

  /** Moves every spilled batch into the log; returns how many batches it moved. */
  public int recoverSpill() {
    int moved = 0;
    for (ObjectInfo spilled : store.list(SPILL)) {
      byte[] bytes;
      try (StoredObject object = store.get(spilled.key()).orElse(null)) {
        if (object == null) {
          continue;
        }
        bytes = object.readAllBytes();
      }
      write(Json.MAPPER.readValue(bytes, InferenceLogged.class));
      store.delete(spilled.key());
      moved++;
    }
    if (moved > 0) {
      log.info("moved {} spilled decision batches into the log", moved);
    }
    return moved;
  }

  /**
   * The decision recorded under {@code requestId}, searched from {@code newest} back {@code days}
   * days.
   */
  public Optional<Record> find(String model, String requestId, LocalDate newest, int days) {
    return Optional.ofNullable(findAll(model, Set.of(requestId), newest, days).get(requestId));
  }

  /**
   * The decisions recorded under {@code requestIds}, by request id, searched from {@code newest}
   * back {@code days} days, newest batch first (feedback usually labels recent decisions, so the
   * search mostly ends after a few batches); ids not found are absent from the answer.
   */
  public Map<String, Record> findAll(
      String model, Set<String> requestIds, LocalDate newest, int days) {
    Map<String, Record> found = new HashMap<>();
    for (int back = 0; back < days && found.size() < requestIds.size(); back++) {
      String prefix = "audit/" + model + "/date=" + newest.minusDays(back) + "/";
      List<ObjectInfo> files = new ArrayList<>(store.list(prefix));
      files.sort(Comparator.comparing(ObjectInfo::lastModified).reversed());
      for (ObjectInfo file : files) {
        search(file.key(), requestIds, found);
        if (found.size() == requestIds.size()) {
          break;
        }
      }
    }
    return found;
  }

  private void search(String key, Set<String> requestIds, Map<String, Record> found) {
    try (StoredObject object = store.get(key).orElse(null)) {
      if (object == null) {
        return;
      }
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(object.content()), StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Record record = Json.MAPPER.readValue(line, Record.class);
        if (requestIds.contains(record.requestId())) {
          found.putIfAbsent(record.requestId(), record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + key, e);
    }
  }

  private static byte[] gzipped(InferenceLogged batch, List<Decision> decisions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
      for (Decision d : decisions) {
        out.write(
            Json.MAPPER.writeValueAsString(
                new Record(
                    batch.model(),
                    batch.modelVersion(),
                    batch.batchId(),
                    d.requestId(),
                    d.time(),
                    d.inputs() == null ? Map.of() : new LinkedHashMap<>(d.inputs()),
                    d.output(),
                    d.latencyMicros(),
                    d.caller())));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
