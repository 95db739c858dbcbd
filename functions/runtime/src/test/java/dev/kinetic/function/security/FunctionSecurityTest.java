package dev.kinetic.function.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kinetic.contracts.EventType;
import dev.kinetic.contracts.codec.HttpCodec;
import dev.kinetic.contracts.fixtures.CanonicalEvents;
import dev.kinetic.function.EchoApplication;
import dev.kinetic.function.FunctionClient;
import dev.kinetic.function.TestTokens;
import io.cloudevents.CloudEvent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A function's HTTP API with each security setting, over real HTTP with real signed tokens. */
class FunctionSecurityTest {

  private static final CloudEvent EVENT = CanonicalEvents.of(EventType.MODEL_ROLLED_BACK);

  private final List<ConfigurableApplicationContext> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(ConfigurableApplicationContext::close);
  }

  private FunctionClient start(boolean trustTestKey, String... properties) {
    List<Class<?>> sources = new ArrayList<>(List.of(EchoApplication.class));
    if (trustTestKey) {
      sources.add(TestTokens.Issuer.class);
    }
    List<String> all = new ArrayList<>(List.of("server.port=0", "kinetic.function.name=echo"));
    all.addAll(List.of(properties));
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
            .properties(all.toArray(String[]::new))
            .run();
    started.add(context);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return new FunctionClient(URI.create("http://127.0.0.1:" + port + "/"), null);
  }

  @Test
  void anEventWithoutATokenIsRefusedWithTheChallengeAndAReason() {
    FunctionClient.Response response = start(true).send(EVENT, HttpCodec.Mode.BINARY);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.headers().get("www-authenticate")).startsWith("Bearer");
    assertThat(response.json().get("error").asString())
        .isEqualTo("this endpoint needs a bearer token (Authorization: Bearer <token>)");
  }

  @Test
  void expiredForeignAndMalformedTokensAreUnauthorized() {
    FunctionClient client = start(true);

    FunctionClient.Response expired =
        client.withToken(TestTokens.expired(Scopes.EVENTS)).send(EVENT, HttpCodec.Mode.BINARY);
    FunctionClient.Response foreign =
        client.withToken(TestTokens.foreign(Scopes.EVENTS)).send(EVENT, HttpCodec.Mode.BINARY);
    FunctionClient.Response garbage =
        client.withToken("not-a-jwt").send(EVENT, HttpCodec.Mode.BINARY);

    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().get("error").asString())
        .startsWith("invalid bearer token: ")
        .containsIgnoringCase("expired");
    assertThat(expired.headers().get("www-authenticate")).contains("invalid_token");
    assertThat(foreign.status()).isEqualTo(401);
    assertThat(garbage.status()).isEqualTo(401);
  }

  @Test
  void aTokenWithoutTheScopeIsForbiddenAndTheAnswerNamesIt() {
    FunctionClient.Response response =
        start(true)
            .withToken(TestTokens.mint(Scopes.PREDICT, Scopes.INGEST))
            .send(EVENT, HttpCodec.Mode.STRUCTURED);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.headers().get("www-authenticate")).contains("insufficient_scope");
    assertThat(response.json().get("error").asString())
        .isEqualTo(
            "this endpoint needs a token with scope events; this token has [ingest, predict]");
  }

  @Test
  void deliveriesWithTheEventsScopeAreServed() {
    FunctionClient client = start(true).withToken(TestTokens.mint(Scopes.EVENTS));

    assertThat(client.send(EVENT, HttpCodec.Mode.BINARY).status()).isEqualTo(202);
    assertThat(client.send(EVENT, HttpCodec.Mode.STRUCTURED).status()).isEqualTo(202);
  }

  @Test
  void answersCarryTheSecurityHeadersOfAJsonApi() {
    FunctionClient client = start(true);

    for (FunctionClient.Response response :
        List.of(
            client.withToken(TestTokens.mint(Scopes.EVENTS)).send(EVENT, HttpCodec.Mode.BINARY),
            client.send(EVENT, HttpCodec.Mode.BINARY))) {
      assertThat(response.headers())
          .as("answered %d", response.status())
          .containsEntry("cache-control", "no-store")
          .containsEntry("x-content-type-options", "nosniff")
          .containsEntry("x-frame-options", "DENY")
          .doesNotContainKeys("pragma", "expires", "x-xss-protection");
    }
  }

  @Test
  void scopesAreReadFromTheClaimAndWithThePrefixBootsSettingsName() {
    FunctionClient client =
        start(
            true,
            "spring.security.oauth2.resourceserver.jwt.authorities-claim-name=roles",
            "spring.security.oauth2.resourceserver.jwt.authority-prefix=ROLE_");

    FunctionClient.Response granted =
        client
            .withToken(TestTokens.mintWithClaim("roles", List.of(Scopes.EVENTS)))
            .send(EVENT, HttpCodec.Mode.BINARY);
    FunctionClient.Response inTheScopeClaim =
        client.withToken(TestTokens.mint(Scopes.EVENTS)).send(EVENT, HttpCodec.Mode.BINARY);
    FunctionClient.Response otherRoles =
        client
            .withToken(TestTokens.mintWithClaim("roles", List.of(Scopes.PREDICT)))
            .send(EVENT, HttpCodec.Mode.BINARY);

    assertThat(granted.status()).isEqualTo(202);
    assertThat(inTheScopeClaim.status()).isEqualTo(403);
    assertThat(inTheScopeClaim.json().get("error").asString())
        .isEqualTo("this endpoint needs a token with scope events; this token has []");
    assertThat(otherRoles.status()).isEqualTo(403);
    assertThat(otherRoles.json().get("error").asString())
        .isEqualTo("this endpoint needs a token with scope events; this token has [predict]");
  }

  @Test
  void aDelimitedClaimIsSplitOnTheDelimiterBootsSettingsNameWithNoPrefix() {
    FunctionClient client =
        start(
            true,
            "spring.security.oauth2.resourceserver.jwt.authorities-claim-name=permissions",
            "spring.security.oauth2.resourceserver.jwt.authorities-claim-delimiter=,",
            "spring.security.oauth2.resourceserver.jwt.authority-prefix=");

    assertThat(
            client
                .withToken(TestTokens.mintWithClaim("permissions", "predict,events"))
                .send(EVENT, HttpCodec.Mode.STRUCTURED)
                .status())
        .isEqualTo(202);
    FunctionClient.Response spaced =
        client
            .withToken(TestTokens.mintWithClaim("permissions", "predict events"))
            .send(EVENT, HttpCodec.Mode.STRUCTURED);
    assertThat(spaced.status())
        .as("one permission named 'predict events', split on commas only")
        .isEqualTo(403);
    assertThat(spaced.json().get("error").asString())
        .isEqualTo(
            "this endpoint needs a token with scope events; this token has [predict events]");
  }

  @Test
  void healthStaysOpenAndEndpointsNoRuleNamesNeedAdmin() {
    FunctionClient client = start(true);

    assertThat(client.get("/healthz").status()).isEqualTo(200);
    assertThat(client.get("/v2/health/live").status()).isEqualTo(404);
    assertThat(client.get("/somewhere").status()).isEqualTo(401);
    assertThat(client.withToken(TestTokens.mint(Scopes.EVENTS)).get("/somewhere").status())
        .isEqualTo(403);
    assertThat(client.withToken(TestTokens.mint(Scopes.ADMIN)).get("/somewhere").status())
        .isEqualTo(404);
  }

  @Test
  void networkTrustedDeliveriesNeedNoTokenButTheRestOfTheApiStillDoes() {
    FunctionClient client = start(true, "kinetic.security.deliveries=network");

    assertThat(client.send(EVENT, HttpCodec.Mode.BINARY).status()).isEqualTo(202);
    assertThat(client.get("/somewhere").status()).isEqualTo(401);
  }

  @Test
  void withEventingOidcDeliveriesAreTheClusterIssuersTokensForThisFunctionsAudience()
      throws Exception {
    HttpServer cluster = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    cluster.createContext(
        "/openid/v1/jwks",
        exchange -> {
          try (exchange) {
            byte[] jwks = TestTokens.clusterJwks().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
          }
        });
    cluster.start();
    try {
      String issuer = "https://kubernetes.default.svc";
      String[] oidc = {
        "kinetic.security.deliveries=oidc",
        "kinetic.security.delivery-issuer=" + issuer,
        "kinetic.security.delivery-jwk-set-uri=http://127.0.0.1:"
            + cluster.getAddress().getPort()
            + "/openid/v1/jwks"
      };
      FunctionClient client = start(true, oidc);
      FunctionClient broker = client.withToken(TestTokens.delivery(issuer, "kinetic-echo"));

      assertThat(broker.send(EVENT, HttpCodec.Mode.BINARY).status()).isEqualTo(202);
      assertThat(broker.get("/somewhere").status()).isEqualTo(403);
      assertThat(
              client
                  .withToken(TestTokens.delivery(issuer, "kinetic-ingest"))
                  .send(EVENT, HttpCodec.Mode.BINARY)
                  .status())
          .as("a token for another function")
          .isEqualTo(401);
      assertThat(
              client
                  .withToken(TestTokens.delivery("https://elsewhere", "kinetic-echo"))
                  .send(EVENT, HttpCodec.Mode.BINARY)
                  .status())
          .as("a token from an issuer the function does not know")
          .isEqualTo(401);
      assertThat(client.send(EVENT, HttpCodec.Mode.BINARY).status()).isEqualTo(401);
      assertThat(client.withToken(TestTokens.mint(Scopes.ADMIN)).get("/somewhere").status())
          .as("callers' tokens still work")
          .isEqualTo(404);

      String[] prefixedScopes = Arrays.copyOf(oidc, oidc.length + 1);
      prefixedScopes[oidc.length] =
          "spring.security.oauth2.resourceserver.jwt.authority-prefix=ROLE_";
      FunctionClient prefixed = start(true, prefixedScopes);
      assertThat(
              prefixed
                  .withToken(TestTokens.delivery(issuer, "kinetic-echo"))
                  .send(EVENT, HttpCodec.Mode.BINARY)
                  .status())
          .as("deliveries are granted events under the callers' prefix too")
          .isEqualTo(202);
    } finally {
      cluster.stop(0);
    }
  }

  @Test
  void turnedOffExplicitlyEverythingIsOpen() {
    FunctionClient client = start(false, "kinetic.security.enabled=false");

    assertThat(client.send(EVENT, HttpCodec.Mode.BINARY).status()).isEqualTo(202);
    assertThat(client.get("/somewhere").status()).isEqualTo(404);
    assertThat(client.withToken("not-a-jwt").send(EVENT, HttpCodec.Mode.BINARY).status())
        .as("a token is not even looked at")
        .isEqualTo(202);
  }

  @Test
  void withoutAnIssuerTheFunctionRefusesToStartAndSaysWhatToSet() {
    assertThatThrownBy(() -> start(false))
        .rootCause()
        .hasMessageContaining("no token issuer is configured")
        .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
        .hasMessageContaining("kinetic.security.enabled=false");
  }
}
