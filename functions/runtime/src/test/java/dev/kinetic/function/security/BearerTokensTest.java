package dev.kinetic.function.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

class BearerTokensTest {

  private static MockHttpServletRequest with(String authorization) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    return request;
  }

  @Test
  void takesWhatSpringSecuritysOwnResolverTakes() {
    DefaultBearerTokenResolver reference = new DefaultBearerTokenResolver();
    for (String header :
        new String[] {
          "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_~+/",
          "bearer abc==",
          "Bearer a.b.c",
          "Basic dXNlcjpwYXNz",
          null
        }) {
      assertThat(new BearerTokens().resolve(with(header)))
          .as(header)
          .isEqualTo(reference.resolve(with(header)));
    }
  }

  @Test
  void refusesWhatSpringSecuritysOwnResolverRefuses() {
    for (String header :
        new String[] {"Bearer a b", "Bearer ", "Bearer ==", "Bearer a=b", "Bearer é"}) {
      assertThatThrownBy(() -> new DefaultBearerTokenResolver().resolve(with(header)))
          .as("reference: " + header)
          .isInstanceOf(OAuth2AuthenticationException.class);
      assertThatThrownBy(() -> new BearerTokens().resolve(with(header)))
          .as(header)
          .isInstanceOf(OAuth2AuthenticationException.class);
    }
  }

  @Test
  void theFirewallRefusesControlCharactersInHeaders() {
    assertThat(FunctionSecurityConfiguration.isPrintable("Bearer abc.def")).isTrue();
    assertThat(FunctionSecurityConfiguration.isPrintable("caf\u00e9")).isTrue();
    assertThat(FunctionSecurityConfiguration.isPrintable("a\r\nX-Injected: 1")).isFalse();
    assertThat(FunctionSecurityConfiguration.isPrintable("a\u0000")).isFalse();
    assertThat(FunctionSecurityConfiguration.isPrintable("\uffff")).isFalse();
  }
}
