package dev.kinetic.function;

import java.net.URL;
import java.security.CodeSource;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Starts a function, from the bean definitions Spring AOT wrote when its jar was built whenever it
 * runs from that jar: the context is then ready in about half the time, since no configuration
 * class is parsed and no condition evaluated at start. {@code -Dspring.aot.enabled=false} turns
 * that off.
 *
 * <p>Only from the jar: the classes of a development run ({@code target/classes}) may have changed
 * since {@code process-aot} last wrote its definitions there.
 */
public final class FunctionApplication {

  private FunctionApplication() {}

  public static ConfigurableApplicationContext run(Class<?> application, String... args) {
    if (System.getProperty(AotDetector.AOT_ENABLED) == null && builtAheadOfTime(application)) {
      System.setProperty(AotDetector.AOT_ENABLED, "true");
    }
    return SpringApplication.run(application, args);
  }

  static boolean builtAheadOfTime(Class<?> application) {
    return ClassUtils.isPresent(
            application.getName() + "__ApplicationContextInitializer", application.getClassLoader())
        && isPackaged(application.getProtectionDomain().getCodeSource());
  }

  /** A jar (Boot's nested {@code jar:nested:...!BOOT-INF/classes/}, or an extracted one). */
  private static boolean isPackaged(CodeSource source) {
    if (source == null || source.getLocation() == null) {
      return false;
    }
    URL location = source.getLocation();
    return "jar".equals(location.getProtocol()) || location.getPath().endsWith(".jar");
  }
}
