package dev.kinetic.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.platform.store.InMemoryObjectStore;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AuditLogTest {

  static final Instant NOON = DecisionBatches.NOON;

  InMemoryObjectStore store = new InMemoryObjectStore();
  AuditLog audit = new AuditLog(store);

  static InferenceLogged batch(String id, Instant... times) {
    return DecisionBatches.batch(id, times);
  }

  @Test
  void writesABatchOnceAndFindsEachDecisionByRequestId() {
    InferenceLogged batch = batch("b1", NOON, NOON.plusSeconds(1));

    assertThat(audit.write(batch)).isEqualTo(2);
    assertThat(audit.write(batch)).isZero();

    assertThat(store.list("audit/fraud/date=2026-11-26/")).hasSize(1);
    AuditLog.Record found =
        audit.find("fraud", "b1-req-1", LocalDate.parse("2026-11-26"), 1).orElseThrow();
    assertThat(found.modelVersion()).isEqualTo("v1");
    assertThat(found.inputs()).containsEntry("amount", 10.0);
    assertThat(found.output().attributions()).containsEntry("amount", -0.4);
    assertThat(audit.find("fraud", "nope", LocalDate.parse("2026-11-26"), 7)).isEmpty();
  }

  @Test
  void splitsABatchAcrossMidnightByDate() {
    audit.write(batch("b2", Instant.parse("2026-11-25T23:59:59Z"), NOON));

    assertThat(store.list("audit/fraud/date=2026-11-25/")).hasSize(1);
    assertThat(store.list("audit/fraud/date=2026-11-26/")).hasSize(1);
    assertThat(audit.find("fraud", "b2-req-0", LocalDate.parse("2026-11-26"), 2)).isPresent();
    assertThat(audit.find("fraud", "b2-req-0", LocalDate.parse("2026-11-26"), 1)).isEmpty();
  }

  @Test
  void movesSpilledBatchesIntoTheLogWithoutDuplicates() {
    InferenceLogged sentAndSpilled = batch("b3", NOON);
    audit.write(sentAndSpilled);
    store.put("audit-spill/fraud/b3.json", Json.MAPPER.writeValueAsBytes(sentAndSpilled));
    store.put("audit-spill/fraud/b4.json", Json.MAPPER.writeValueAsBytes(batch("b4", NOON)));

    assertThat(audit.recoverSpill()).isEqualTo(2);

    assertThat(store.list("audit-spill/")).isEmpty();
    assertThat(store.list("audit/fraud/date=2026-11-26/")).hasSize(2);
    assertThat(audit.find("fraud", "b4-req-0", LocalDate.parse("2026-11-26"), 1)).isPresent();
  }
}
