package dev.kinetic.function.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.core.io.FileSystemResource;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** Each of Boot's ways to name the callers' issuer, with real signed tokens and a real JWKS. */
class CallerTokensTest {

  private static final RSAKey KEY = rsa();

  private final OAuth2ResourceServerProperties.Jwt settings =
      new OAuth2ResourceServerProperties().getJwt();
  private final AtomicInteger jwksReads = new AtomicInteger();
  private final AtomicInteger discoveryReads = new AtomicInteger();
  private HttpServer issuer;
  private String issuerUri;

  @TempDir Path folder;

  /** An OpenID issuer: its discovery document and its key set. */
  @BeforeEach
  void startIssuer() throws IOException {
    issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuerUri = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/realm";
    serve(
        "/realm/.well-known/openid-configuration",
        discoveryReads,
        "{\"issuer\":\"" + issuerUri + "\",\"jwks_uri\":\"" + issuerUri + "/jwks\"}");
    serve("/realm/jwks", jwksReads, new JWKSet(KEY.toPublicJWK()).toString());
    issuer.start();
  }

  private void serve(String path, AtomicInteger reads, String body) {
    issuer.createContext(
        path,
        exchange -> {
          try (exchange) {
            reads.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
          }
        });
  }

  @AfterEach
  void stopIssuer() {
    issuer.stop(0);
  }

  @Test
  void aJwkSetUriChecksTheSignatureAndTheIssuerWhenOneIsSet() {
    settings.setJwkSetUri(issuerUri + "/jwks");
    settings.setIssuerUri(issuerUri);

    JwtDecoder decoder = CallerTokens.decoder(settings, List.of(), List.of());

    assertThat(decoder.decode(token(KEY, issuerUri, "kinetic")).getSubject()).isEqualTo("caller");
    assertThatThrownBy(() -> decoder.decode(token(KEY, "https://elsewhere", "kinetic")))
        .isInstanceOf(JwtException.class)
        .hasMessageContaining("iss");
    assertThatThrownBy(() -> decoder.decode(token(rsa(), issuerUri, "kinetic")))
        .isInstanceOf(JwtException.class);
    assertThat(discoveryReads).as("the key set is named; no discovery").hasValue(0);
  }

  @Test
  void anIssuerUriAloneIsDiscoveredWhenTheFirstTokenArrivesNotAtStart() {
    settings.setIssuerUri(issuerUri);

    JwtDecoder decoder = CallerTokens.decoder(settings, List.of(), List.of());

    assertThat(discoveryReads).as("a function starts before its issuer answers").hasValue(0);
    assertThat(decoder.decode(token(KEY, issuerUri, "kinetic")).getSubject()).isEqualTo("caller");
    assertThat(discoveryReads).hasPositiveValue();
    assertThat(jwksReads).hasPositiveValue();
    assertThatThrownBy(() -> decoder.decode(token(KEY, "https://elsewhere", "kinetic")))
        .isInstanceOf(JwtException.class)
        .hasMessageContaining("iss");
  }

  @Test
  void aPublicKeyFileNeedsNoIssuerToBeReachable() throws Exception {
    Path pem =
        Files.writeString(
            folder.resolve("issuer.pem"),
            "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEY.toPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    settings.setPublicKeyLocation(new FileSystemResource(pem));

    JwtDecoder decoder = CallerTokens.decoder(settings, List.of(), List.of());

    assertThat(decoder.decode(token(KEY, "https://anyone", "kinetic")).getSubject())
        .isEqualTo("caller");
    assertThatThrownBy(() -> decoder.decode(token(rsa(), "https://anyone", "kinetic")))
        .isInstanceOf(JwtException.class);
    assertThat(jwksReads.get() + discoveryReads.get()).isZero();
  }

  @Test
  void listedAudiencesRefuseATokenForNoneOfThem() {
    settings.setJwkSetUri(issuerUri + "/jwks");
    settings.setAudiences(List.of("kinetic", "kinetic-admin"));

    JwtDecoder decoder = CallerTokens.decoder(settings, List.of(), List.of());

    assertThat(decoder.decode(token(KEY, issuerUri, "kinetic-admin")).getAudience())
        .containsExactly("kinetic-admin");
    assertThatThrownBy(() -> decoder.decode(token(KEY, issuerUri, "billing")))
        .isInstanceOf(JwtException.class)
        .hasMessageContaining("aud");
  }

  @Test
  void theApplicationsBuilderCustomizersAndValidatorsApplyAsInBoot() {
    settings.setJwkSetUri(issuerUri + "/jwks");
    OAuth2TokenValidator<Jwt> fromTheAuditors =
        new JwtClaimValidator<String>("scope", scope -> !scope.contains("admin"));
    JwkSetUriJwtDecoderBuilderCustomizer onlyRs512 =
        builder ->
            builder.jwsAlgorithms(
                algorithms -> {
                  algorithms.clear();
                  algorithms.add(SignatureAlgorithm.RS512);
                });

    JwtDecoder checked = CallerTokens.decoder(settings, List.of(), List.of(fromTheAuditors));
    JwtDecoder customized = CallerTokens.decoder(settings, List.of(onlyRs512), List.of());

    assertThat(checked.decode(token(KEY, issuerUri, "kinetic")).getSubject()).isEqualTo("caller");
    assertThatThrownBy(() -> checked.decode(token(KEY, issuerUri, "kinetic", "predict admin")))
        .isInstanceOf(JwtException.class)
        .hasMessageContaining("scope");
    assertThatThrownBy(() -> customized.decode(token(KEY, issuerUri, "kinetic")))
        .as("an RS256 token, refused by the customized decoder")
        .isInstanceOf(JwtException.class);
  }

  @Test
  void theIssuersDiscoveredDecoderIsCustomizedToo() {
    settings.setIssuerUri(issuerUri);
    AtomicInteger customized = new AtomicInteger();

    JwtDecoder decoder =
        CallerTokens.decoder(settings, List.of(builder -> customized.incrementAndGet()), List.of());

    assertThat(customized).as("the issuer is read on the first token").hasValue(0);
    decoder.decode(token(KEY, issuerUri, "kinetic"));
    assertThat(customized).hasValue(1);
  }

  @Test
  void scopesComeFromTheClaimDelimiterAndPrefixTheSettingsName() {
    Jwt jwt =
        Jwt.withTokenValue("token")
            .header("alg", "RS256")
            .subject("caller")
            .claim("email", "ops@example.com")
            .claim("scope", "admin")
            .claim("permissions", "predict,ingest")
            .build();

    assertThat(authorities(CallerTokens.authorities(settings).convert(jwt)))
        .containsExactly("SCOPE_admin");

    settings.setAuthoritiesClaimName("permissions");
    settings.setAuthoritiesClaimDelimiter(",");
    settings.setAuthorityPrefix("");
    settings.setPrincipalClaimName("email");
    AbstractAuthenticationToken caller = CallerTokens.authorities(settings).convert(jwt);

    assertThat(authorities(caller)).containsExactly("predict", "ingest");
    assertThat(caller.getName()).isEqualTo("ops@example.com");
    assertThat(CallerTokens.authorityPrefix(settings)).isEmpty();
  }

  /** The authorities granted from the token's claims, without the factor it was proven by. */
  private static List<String> authorities(AbstractAuthenticationToken authentication) {
    return authentication.getAuthorities().stream()
        .filter(authority -> !(authority instanceof FactorGrantedAuthority))
        .map(GrantedAuthority::getAuthority)
        .toList();
  }

  @Test
  void withNothingSetItSaysWhatToSet() {
    assertThatThrownBy(() -> CallerTokens.decoder(settings, List.of(), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
        .hasMessageContaining("kinetic.security.enabled=false");
  }

  @Test
  void anUnknownAlgorithmIsNamed() {
    settings.setJwkSetUri(issuerUri + "/jwks");
    settings.setJwsAlgorithms(List.of("RS256", "RS999"));

    assertThatThrownBy(() -> CallerTokens.decoder(settings, List.of(), List.of()))
        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessageContaining("jws-algorithms")
        .hasMessageContaining("RS999");
  }

  private static String token(RSAKey key, String issuer, String audience) {
    return token(key, issuer, audience, "predict");
  }

  private static String token(RSAKey key, String issuer, String audience, String scope) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject("caller")
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
            .claim("scope", scope)
            .build();
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey rsa() {
    try {
      return new RSAKeyGenerator(2048).keyID("key-" + System.nanoTime()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
