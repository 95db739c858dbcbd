package dev.kinetic.function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.kinetic.function.security.Scopes;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Real signed tokens for functions under test: an RSA key made for the test run, a decoder that
 * trusts it (import {@link Issuer}), and tokens with the scopes a test asks for.
 */
public final class TestTokens {

  /** The {@code iss} of callers' tokens. */
  public static final String ISSUER = "https://issuer.test";

  private static final KeyPair KEY = rsa();

  /** The key of a cluster's service-account issuer, for Knative Eventing OIDC deliveries. */
  private static final KeyPair CLUSTER_KEY = rsa();

  /** Every scope Kinetic knows. */
  public static final String ALL = mint(Scopes.PREDICT, Scopes.INGEST, Scopes.ADMIN, Scopes.EVENTS);

  private TestTokens() {}

  /** Makes the function under test trust the test key. */
  @TestConfiguration
  public static class Issuer {

    @Bean
    JwtDecoder jwtDecoder() {
      return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEY.getPublic()).build();
    }
  }

  /** A token valid for an hour with {@code scopes}. */
  public static String mint(String... scopes) {
    return sign(KEY, Instant.now().plus(Duration.ofHours(1)), scopes);
  }

  /**
   * A token valid for an hour that carries {@code value} in the claim {@code claim} and no {@code
   * scope}, as identity providers that grant roles or permissions in a claim of their own do.
   */
  public static String mintWithClaim(String claim, Object value) {
    Instant now = Instant.now();
    return sign(
        KEY,
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("test")
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .claim(claim, value)
            .build());
  }

  /** A token that expired a minute ago. */
  public static String expired(String... scopes) {
    return sign(KEY, Instant.now().minus(Duration.ofMinutes(1)), scopes);
  }

  /** A well-formed token signed by a key the function does not trust. */
  public static String foreign(String... scopes) {
    return sign(rsa(), Instant.now().plus(Duration.ofHours(1)), scopes);
  }

  /**
   * A token as Knative's broker sends with Eventing OIDC: from {@code issuer}, for {@code
   * audience}, with no scope; signed with the key {@link #clusterJwks()} publishes.
   */
  public static String delivery(String issuer, String audience) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(audience)
            .subject("system:serviceaccount:kinetic:oidc-trigger")
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
            .build();
    return sign(CLUSTER_KEY, claims);
  }

  /** The public key set of the cluster issuer {@link #delivery} signs for. */
  public static String clusterJwks() {
    return new JWKSet(new RSAKey.Builder((RSAPublicKey) CLUSTER_KEY.getPublic()).build())
        .toString();
  }

  private static String sign(KeyPair key, Instant expiry, String... scopes) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject("test")
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(expiry.minus(Duration.ofHours(1))))
            .expirationTime(Date.from(expiry))
            .claim("scope", String.join(" ", scopes))
            .build();
    return sign(key, claims);
  }

  private static String sign(KeyPair key, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    try {
      jwt.sign(new RSASSASigner(key.getPrivate()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
