package dev.kinetic.inference;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.function.EventFunction;
import dev.kinetic.function.EventSink;
import dev.kinetic.function.FunctionApplication;
import dev.kinetic.function.security.ApiAccess;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.telemetry.Telemetry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/** The inference function: serves champion models over HTTP and by event. */
@SpringBootApplication
@EnableConfigurationProperties(InferenceProperties.class)
public class InferenceApplication {

  public static void main(String[] args) {
    FunctionApplication.run(InferenceApplication.class, args);
  }

  @Bean(destroyMethod = "close")
  ServingModels servingModels(
      ObjectStore store, InferenceProperties properties, InferenceMetrics metrics) {
    ServingModels models =
        new ServingModels(
            store,
            properties.models(),
            Optional.ofNullable(properties.pinnedVersion()).filter(v -> !v.isBlank()),
            properties.device(),
            properties.session().settings(),
            properties.batching(),
            metrics);
    metrics.observe(models);
    return models;
  }

  /**
   * Loads the champions on the model loader while the rest of the application starts (fetching,
   * checking and opening a model takes about as long as the rest of a cold start), and holds the
   * web server back until they are in, so the first request after a cold start finds them.
   */
  @Bean
  SmartLifecycle championsLoaded(ServingModels models, ExecutorService modelLoader) {
    CompletableFuture<Void> loading = CompletableFuture.runAsync(models::refresh, modelLoader);
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        loading.join();
        running = true;
      }

      @Override
      public void stop() {
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        // before the web server's phase, which opens the port
        return 0;
      }
    };
  }

  /** Follows the champion alias, since a promotion event reaches only one replica. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService championWatch(ServingModels models, InferenceProperties properties) {
    ScheduledExecutorService watch =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("champion-watch").factory());
    long every = properties.refreshInterval().toMillis();
    watch.scheduleWithFixedDelay(models::refresh, every, every, TimeUnit.MILLISECONDS);
    return watch;
  }

  @Bean(destroyMethod = "close")
  DecisionLog decisionLog(
      EventTemplate template,
      EventSink sink,
      ObjectStore store,
      InferenceProperties properties,
      Telemetry telemetry) {
    return new DecisionLog(
        template,
        sink::send,
        store,
        properties.decisions(),
        telemetry.openTelemetry().getMeter("dev.kinetic.inference"));
  }

  @Bean
  InferenceMetrics inferenceMetrics(Telemetry telemetry) {
    return new InferenceMetrics(telemetry.openTelemetry().getMeter("dev.kinetic.inference"));
  }

  @Bean
  Inference inference(
      ServingModels models,
      InferenceProperties properties,
      DecisionLog decisionLog,
      InferenceMetrics metrics) {
    return new Inference(models, new Predictor(properties.maxRows()), decisionLog, metrics);
  }

  @Bean(destroyMethod = "shutdownNow")
  ExecutorService modelLoader() {
    return Executors.newSingleThreadExecutor(
        Thread.ofPlatform().daemon().name("model-loader").factory());
  }

  @Bean
  EventFunction inferenceFunction(
      Inference inference, EventTemplate template, ExecutorService modelLoader) {
    return new InferenceFunction(inference, template, modelLoader);
  }

  /**
   * Predictions need scope {@code predict}; so do {@code inference.requested} events posted here.
   */
  @Bean
  ApiAccess apiAccess() {
    return ApiAccess.builder()
        .require(Scopes.PREDICT, "/v2", "/v2/models/**", "/predict/**")
        .eventsFrom(Scopes.PREDICT)
        .build();
  }
}
