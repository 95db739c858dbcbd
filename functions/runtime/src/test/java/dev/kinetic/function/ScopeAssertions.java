package dev.kinetic.function;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinetic.function.security.Scopes;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Checks that an endpoint answers 401 without a token, 403 without its scope, and serves it. */
public final class ScopeAssertions {

  private static final List<String> ALL =
      List.of(Scopes.PREDICT, Scopes.INGEST, Scopes.ADMIN, Scopes.EVENTS);

  private ScopeAssertions() {}

  /**
   * @param name how the endpoint is named in failures, e.g. {@code "GET /v2"}
   * @param call the request, made with the client it is given
   * @param served the status the endpoint answers when let in
   * @param scopes the scopes that let it in
   */
  public static void assertNeeds(
      FunctionClient client,
      String name,
      Function<FunctionClient, FunctionClient.Response> call,
      int served,
      String... scopes) {
    FunctionClient.Response anonymous = call.apply(client.withToken(null));
    assertThat(anonymous.status()).as(name + " without a token: " + anonymous).isEqualTo(401);
    Set<String> allowed = Set.of(scopes);
    for (String scope : ALL) {
      FunctionClient.Response response = call.apply(client.withToken(TestTokens.mint(scope)));
      assertThat(response.status())
          .as(name + " with scope " + scope + ": " + response)
          .isEqualTo(allowed.contains(scope) ? served : 403);
    }
    FunctionClient.Response others =
        call.apply(
            client.withToken(
                TestTokens.mint(
                    ALL.stream().filter(s -> !allowed.contains(s)).toArray(String[]::new))));
    assertThat(others.status()).as(name + " with every other scope: " + others).isEqualTo(403);
  }
}
