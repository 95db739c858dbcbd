package dev.kinetic.function.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is making the HTTP request being served, for records that keep who asked. */
public final class Callers {

  private Callers() {}

  /**
   * The principal of the current request's token: its {@code sub}, unless {@code
   * spring.security.oauth2.resourceserver.jwt.principal-claim-name} names another claim; null when
   * the function checks no tokens, the token names no one, or on a thread that serves no request.
   */
  public static String current() {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    if (caller == null || !caller.isAuthenticated()) {
      return null;
    }
    String name = caller.getName();
    return name == null || name.isBlank() ? null : name;
  }
}
