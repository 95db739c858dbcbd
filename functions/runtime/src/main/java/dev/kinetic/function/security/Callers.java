package dev.kinetic.function.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is making the HTTP request being served, for records that keep who asked. */
public final class Callers {

  private Callers() {}

  /**
   * The principal of the current request's token: its {@code sub}, unless {@code
   * spring.security.oauth2.resourceserver.jwt.principal-claim-name} names another claim; null when
   * the function checks no tokens (or on a thread that serves no request).
   */
  public static String current() {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    return caller != null && caller.isAuthenticated() ? caller.getName() : null;
  }
}
