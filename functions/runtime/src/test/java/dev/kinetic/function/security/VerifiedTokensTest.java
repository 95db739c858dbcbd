package dev.kinetic.function.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

class VerifiedTokensTest {

  private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

  private final AtomicReference<Instant> now = new AtomicReference<>(START);
  private final AtomicInteger verifications = new AtomicInteger();

  /** Verifies "good-*" tokens, expiring an hour after {@link #START}; refuses the rest. */
  private final JwtDecoder issuer =
      token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good")) {
          throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token)
            .header("alg", "RS256")
            .subject("client-" + token)
            .claim("scope", "predict")
            .issuedAt(START)
            .expiresAt(START.plus(Duration.ofHours(1)))
            .build();
      };

  private final VerifiedTokens tokens =
      new VerifiedTokens(
          new ProviderManager(new JwtAuthenticationProvider(issuer)),
          now::get,
          () -> Duration.between(START, now.get()).toNanos());

  Authentication authenticate(String token, Object details) {
    BearerTokenAuthenticationToken bearer = new BearerTokenAuthenticationToken(token);
    bearer.setDetails(details);
    return tokens.authenticate(bearer);
  }

  @Test
  void checksATokenOnceWhileItIsValidAndKeepsEachRequestsDetails() {
    authenticate("good-1", "first");
    authenticate("good-1", "second");
    now.set(START.plus(Duration.ofMinutes(4)));
    Authentication again = authenticate("good-1", "third");

    assertThat(verifications).hasValue(1);
    assertThat(again).isInstanceOf(JwtAuthenticationToken.class);
    assertThat(again.isAuthenticated()).isTrue();
    assertThat(again.getName()).isEqualTo("client-good-1");
    assertThat(again.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .contains("SCOPE_predict");
    assertThat(again.getDetails()).isEqualTo("third");
    assertThat(((JwtAuthenticationToken) again).getToken().getTokenValue()).isEqualTo("good-1");
    authenticate("good-2", null);
    assertThat(verifications).hasValue(2);
  }

  @Test
  void neverRemembersARefusal() {
    assertThatThrownBy(() -> authenticate("forged", null))
        .isInstanceOf(InvalidBearerTokenException.class);
    assertThatThrownBy(() -> authenticate("forged", null))
        .isInstanceOf(InvalidBearerTokenException.class);

    assertThat(verifications).hasValue(2);
  }

  @Test
  void checksAgainAfterTheTimeToLiveAndNeverLetsAnExpiredTokenIn() {
    authenticate("good-1", null);
    now.set(START.plus(VerifiedTokens.TTL).plusSeconds(1));
    authenticate("good-1", null);
    assertThat(verifications).as("forgotten after the time to live").hasValue(2);

    now.set(START.plus(Duration.ofMinutes(59)));
    authenticate("good-1", null);
    int before = verifications.get();
    now.set(START.plus(Duration.ofHours(1)).plusSeconds(1));
    authenticate("good-1", null);
    assertThat(verifications).as("expired: asked the issuer again").hasValue(before + 1);
  }
}
