package dev.kinetic.function;

import dev.kinetic.contracts.EventTemplate;
import dev.kinetic.contracts.EventValidator;
import dev.kinetic.platform.store.ObjectStore;
import dev.kinetic.platform.store.S3ObjectStore;
import dev.kinetic.platform.store.S3Settings;
import dev.kinetic.platform.telemetry.EventTelemetry;
import dev.kinetic.platform.telemetry.Telemetry;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * What every function gets by depending on this module: the endpoint, event validation and the
 * function's event template, telemetry, the object store from {@code KINETIC_S3_*}, and the event
 * sink from {@code K_SINK}. Tests replace the store with their own bean.
 */
@AutoConfiguration
@EnableConfigurationProperties(FunctionProperties.class)
@Import(CloudEventEndpoint.class)
public class FunctionRuntimeConfiguration {

  private static String name(FunctionProperties properties, Environment environment) {
    return properties.nameOr(environment.getProperty("spring.application.name"));
  }

  @Bean
  @ConditionalOnMissingBean
  public EventValidator eventValidator(FunctionProperties properties) {
    return new EventValidator(properties.maxDataBytes());
  }

  @Bean
  @ConditionalOnMissingBean
  public EventTemplate eventTemplate(
      FunctionProperties properties, EventValidator validator, Environment environment) {
    return EventTemplate.forFunction(name(properties, environment), validator);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Telemetry telemetry(FunctionProperties properties, Environment environment) {
    return Telemetry.start(name(properties, environment));
  }

  @Bean
  @ConditionalOnMissingBean
  public EventTelemetry eventTelemetry(
      Telemetry telemetry, FunctionProperties properties, Environment environment) {
    return new EventTelemetry(telemetry.openTelemetry(), name(properties, environment));
  }

  @Bean
  StartupTelemetry startupTelemetry(
      Telemetry telemetry, FunctionProperties properties, Environment environment) {
    return new StartupTelemetry(telemetry, name(properties, environment));
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(ObjectStore.class)
  public S3ObjectStore objectStore() {
    return S3ObjectStore.connect(S3Settings.fromEnvironment(System.getenv()));
  }

  @Bean
  @ConditionalOnMissingBean
  public EventSink eventSink(Environment environment) {
    return new EventSink(
        Optional.ofNullable(environment.getProperty("K_SINK"))
            .filter(sink -> !sink.isBlank())
            .map(URI::create),
        Optional.ofNullable(environment.getProperty("KINETIC_SINK_TOKEN_FILE"))
            .filter(file -> !file.isBlank())
            .map(Path::of));
  }
}
