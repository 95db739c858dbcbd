package dev.kinetic.function.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Takes the token from {@code Authorization: Bearer <token>} as RFC 6750 §2.1 writes it, like
 * Spring Security's default resolver but with a character loop in place of its regular expression,
 * which cost more than the prediction itself on a one-row request with a signed JWT. Tokens in
 * query parameters or form bodies are not taken.
 */
final class BearerTokens implements BearerTokenResolver {

  private static final String SCHEME = "Bearer ";

  @Override
  public String resolve(HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String token = authorization.substring(SCHEME.length());
    if (!isToken68(token)) {
      BearerTokenError error = BearerTokenErrors.invalidToken("Bearer token is malformed");
      throw new OAuth2AuthenticationException(error);
    }
    return token;
  }

  /**
   * The characters of token68 before its padding: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
   * "/".
   */
  private static final boolean[] TOKEN68 = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN68[c] = true;
      TOKEN68[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      TOKEN68[c] = true;
    }
    for (char c : "-._~+/".toCharArray()) {
      TOKEN68[c] = true;
    }
  }

  /** {@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="} */
  static boolean isToken68(String token) {
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') {
      end--;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = token.charAt(i);
      if (c >= TOKEN68.length || !TOKEN68[c]) {
        return false;
      }
    }
    return true;
  }
}
