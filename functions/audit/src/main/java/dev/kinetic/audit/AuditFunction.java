package dev.kinetic.audit;

import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.InferenceLogged;
import dev.kinetic.function.EventFunction;
import dev.kinetic.platform.audit.AuditLog;
import io.cloudevents.CloudEvent;
import java.util.Set;

/** {@code inference.logged} in, written to the decision log; no reply. */
final class AuditFunction implements EventFunction {

  private final AuditLog auditLog;

  AuditFunction(AuditLog auditLog) {
    this.auditLog = auditLog;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.INFERENCE_LOGGED);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    auditLog.write(Payloads.read(event, InferenceLogged.class));
    return null;
  }
}
