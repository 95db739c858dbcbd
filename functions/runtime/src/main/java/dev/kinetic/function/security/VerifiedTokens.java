package dev.kinetic.function.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * A {@link JwtDecoder} that remembers the tokens it has verified, so that a client sending the same
 * token with every request pays for the signature check once rather than on each request (it was
 * half the CPU of a one-row prediction). The same token string always verifies the same way; only
 * time changes the answer, so a remembered token is refused once it expires, and forgotten after
 * {@code ttl} at most: a key withdrawn from the issuer's set stops letting its tokens in within
 * that time.
 */
final class VerifiedTokens implements JwtDecoder {

  static final Duration TTL = Duration.ofMinutes(5);
  static final int MAX_TOKENS = 4096;

  private final JwtDecoder decoder;
  private final InstantSource clock;
  private final Cache<String, Jwt> verified;

  VerifiedTokens(JwtDecoder decoder) {
    this(decoder, InstantSource.system(), Ticker.systemTicker());
  }

  VerifiedTokens(JwtDecoder decoder, InstantSource clock, Ticker ticker) {
    this.decoder = decoder;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(TTL).ticker(ticker).build();
  }

  @Override
  public Jwt decode(String token) {
    Jwt known = verified.getIfPresent(token);
    if (known != null && isCurrent(known)) {
      return known;
    }
    Jwt jwt = decoder.decode(token);
    verified.put(token, jwt);
    return jwt;
  }

  private boolean isCurrent(Jwt jwt) {
    Instant now = clock.instant();
    return (jwt.getExpiresAt() == null || now.isBefore(jwt.getExpiresAt()))
        && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
  }
}
