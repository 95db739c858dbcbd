package dev.kinetic.registry;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.Extensions;
import dev.kinetic.contracts.Payloads;
import dev.kinetic.contracts.data.ModelTrained;
import dev.kinetic.function.EventFunction;
import io.cloudevents.CloudEvent;
import java.util.Set;

/** {@code model.trained} in, {@code model.promoted} or {@code model.rejected} out. */
final class RegistryFunction implements EventFunction {

  private final Registry registry;
  private final EventTemplate template;

  RegistryFunction(Registry registry, EventTemplate template) {
    this.registry = registry;
    this.template = template;
  }

  @Override
  public Set<EventType> accepts() {
    return Set.of(EventType.MODEL_TRAINED);
  }

  @Override
  public CloudEvent apply(CloudEvent event) {
    ModelTrained trained = Payloads.read(event, ModelTrained.class);
    Registry.Verdict verdict = registry.evaluate(trained);
    Object data = verdict.promoted() != null ? verdict.promoted() : verdict.rejected();
    return template.validated(
        template.builder(data).withExtension(Extensions.MODEL_VERSION, trained.version()).build());
  }
}
