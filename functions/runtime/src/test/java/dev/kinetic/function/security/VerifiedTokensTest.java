package dev.kinetic.function.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

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
            .claim("scope", "predict")
            .issuedAt(START)
            .expiresAt(START.plus(Duration.ofHours(1)))
            .build();
      };

  private final VerifiedTokens tokens =
      new VerifiedTokens(issuer, now::get, () -> Duration.between(START, now.get()).toNanos());

  @Test
  void verifiesATokenOnceWhileItIsValid() {
    tokens.decode("good-1");
    tokens.decode("good-1");
    now.set(START.plus(Duration.ofMinutes(4)));
    Jwt again = tokens.decode("good-1");

    assertThat(verifications).hasValue(1);
    assertThat(again.getTokenValue()).isEqualTo("good-1");
    tokens.decode("good-2");
    assertThat(verifications).hasValue(2);
  }

  @Test
  void neverRemembersARefusal() {
    assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);

    assertThat(verifications).hasValue(2);
  }

  @Test
  void verifiesAgainAfterTheTimeToLiveAndNeverServesAnExpiredToken() {
    tokens.decode("good-1");
    now.set(START.plus(VerifiedTokens.TTL).plusSeconds(1));
    tokens.decode("good-1");
    assertThat(verifications).as("forgotten after the time to live").hasValue(2);

    now.set(START.plus(Duration.ofMinutes(59)));
    tokens.decode("good-1");
    int before = verifications.get();
    now.set(START.plus(Duration.ofHours(1)).plusSeconds(1));
    tokens.decode("good-1");
    assertThat(verifications).as("expired: asked the issuer again").hasValue(before + 1);
  }
}
