package dev.kinetic.function.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * An {@link AuthenticationManager} that remembers the bearer tokens it has authenticated, so that a
 * client sending the same token with every request pays for checking it once rather than on each
 * request: the signature check was half the CPU of a one-row prediction, and turning the claims
 * into an authentication (Spring's provider manager, JWT provider and scope converter) most of what
 * was left of the token's cost. The same token string always authenticates the same way; only time
 * changes the answer, so a remembered token is refused once it expires, and forgotten after {@link
 * #TTL} at most: a key withdrawn from the issuer's set stops letting its tokens in within that
 * time. Refusals are never remembered.
 */
final class VerifiedTokens implements AuthenticationManager {

  static final Duration TTL = Duration.ofMinutes(5);
  static final int MAX_TOKENS = 4096;

  private final AuthenticationManager delegate;
  private final InstantSource clock;
  private final Cache<String, JwtAuthenticationToken> verified;

  VerifiedTokens(AuthenticationManager delegate) {
    this(delegate, InstantSource.system(), Ticker.systemTicker());
  }

  VerifiedTokens(AuthenticationManager delegate, InstantSource clock, Ticker ticker) {
    this.delegate = delegate;
    this.clock = clock;
    this.verified =
        Caffeine.newBuilder().maximumSize(MAX_TOKENS).expireAfterWrite(TTL).ticker(ticker).build();
  }

  @Override
  public Authentication authenticate(Authentication request) {
    if (!(request instanceof BearerTokenAuthenticationToken bearer)) {
      return delegate.authenticate(request);
    }
    JwtAuthenticationToken known = verified.getIfPresent(bearer.getToken());
    if (known != null && isCurrent(known.getToken())) {
      // A copy: an authentication is mutable (details, the authenticated flag), and one request's
      // must not be another's.
      JwtAuthenticationToken authenticated =
          new JwtAuthenticationToken(known.getToken(), known.getAuthorities(), known.getName());
      authenticated.setDetails(bearer.getDetails());
      return authenticated;
    }
    Authentication authenticated = delegate.authenticate(request);
    if (authenticated instanceof JwtAuthenticationToken jwt) {
      verified.put(bearer.getToken(), jwt);
    }
    return authenticated;
  }

  private boolean isCurrent(Jwt jwt) {
    Instant now = clock.instant();
    return (jwt.getExpiresAt() == null || now.isBefore(jwt.getExpiresAt()))
        && (jwt.getNotBefore() == null || !now.isBefore(jwt.getNotBefore()));
  }
}
