package dev.kinetic.audit;

import dev.kinetic.function.EventFunction;
import dev.kinetic.function.FunctionApplication;
import dev.kinetic.function.security.ApiAccess;
import dev.kinetic.function.security.Scopes;
import dev.kinetic.platform.audit.AuditLog;
import dev.kinetic.platform.store.ObjectStore;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/** The audit function: the decision log, its recovery from spills, and lookups. */
@SpringBootApplication
public class AuditApplication {

  private static final Logger log = LoggerFactory.getLogger(AuditApplication.class);

  public static void main(String[] args) {
    FunctionApplication.run(AuditApplication.class, args);
  }

  @Bean
  AuditLog auditLog(ObjectStore store) {
    return new AuditLog(store);
  }

  @Bean
  DeadLetters deadLetters(ObjectStore store) {
    return new DeadLetters(store, java.time.Clock.systemUTC());
  }

  @Bean
  EventFunction audit(AuditLog auditLog) {
    return new AuditFunction(auditLog);
  }

  /**
   * Moves spilled batches into the log at start and then every {@code kinetic.audit.spill-interval}
   * (default 30 s).
   */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService spillRecovery(
      AuditLog auditLog, @Value("${kinetic.audit.spill-interval:30s}") Duration every) {
    ScheduledExecutorService recovery =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("spill-recovery").factory());
    recovery.scheduleWithFixedDelay(
        () -> {
          try {
            auditLog.recoverSpill();
          } catch (RuntimeException e) {
            log.error("recovering spilled decisions failed; will try again", e);
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
    return recovery;
  }

  /**
   * The broker delivers dead letters to {@code POST /dead-letters}; reading them, and the decision
   * log, needs scope {@code admin}.
   */
  @Bean
  ApiAccess apiAccess() {
    return ApiAccess.builder()
        .deliveries("/dead-letters")
        .require(Scopes.ADMIN, HttpMethod.GET, "/audit/**", "/dead-letters")
        .build();
  }
}
