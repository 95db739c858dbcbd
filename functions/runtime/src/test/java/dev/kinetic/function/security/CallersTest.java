package dev.kinetic.function.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who asked, as decisions record it. */
class CallersTest {

  @AfterEach
  void forget() {
    SecurityContextHolder.clearContext();
  }

  private static void authenticated(String subject) {
    Jwt.Builder jwt = Jwt.withTokenValue("token").header("alg", "RS256").claim("scope", "predict");
    if (subject != null) {
      jwt.subject(subject);
    }
    SecurityContextHolder.getContext()
        .setAuthentication(new JwtAuthenticationToken(jwt.build(), List.of()));
  }

  @Test
  void theCallerIsTheTokensPrincipal() {
    authenticated("checkout-service");

    assertThat(Callers.current()).isEqualTo("checkout-service");
  }

  @Test
  void noTokenOrATokenThatNamesNoOneIsNoCaller() {
    assertThat(Callers.current()).isNull();

    authenticated(null);
    assertThat(Callers.current()).isNull();

    authenticated(" ");
    assertThat(Callers.current()).as("an empty subject names no one").isNull();
  }
}
