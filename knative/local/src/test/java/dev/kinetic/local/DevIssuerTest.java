package dev.kinetic.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.kinetic.local.cli.Kinetic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIssuerTest {

  @TempDir Path state;

  private static RSAKey publicKey(DevIssuer issuer) throws Exception {
    return (RSAKey) JWKSet.parse(issuer.jwks()).getKeys().getFirst();
  }

  @Test
  void signsTokensThatItsPublishedKeyVerifies() throws Exception {
    DevIssuer issuer = DevIssuer.open(state);

    SignedJWT token =
        SignedJWT.parse(issuer.token("alice", Duration.ofMinutes(5), List.of("predict", "admin")));

    assertThat(token.verify(new RSASSAVerifier(publicKey(issuer)))).isTrue();
    assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(DevIssuer.ISSUER);
    assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("predict admin");
    assertThat(token.getHeader().getKeyID()).isEqualTo(publicKey(issuer).getKeyID());
    assertThat(issuer.jwks()).doesNotContain("\"d\"").doesNotContain("\"p\"");
  }

  @Test
  void keepsItsKeyOwnerOnlyAndTheSameAcrossRestarts() throws Exception {
    DevIssuer first = DevIssuer.open(state);
    DevIssuer again = DevIssuer.open(state);

    assertThat(publicKey(again).toRSAPublicKey()).isEqualTo(publicKey(first).toRSAPublicKey());
    assertThat(
            SignedJWT.parse(first.token("a", Duration.ofMinutes(1), List.of("admin")))
                .verify(new RSASSAVerifier(publicKey(again))))
        .isTrue();
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(DevIssuer.keyFile(state))))
        .isEqualTo("rw-------");
  }

  @Test
  void renewsTheDeliveryTokenBeforeItExpires() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
    DevIssuer issuer = DevIssuer.open(state, now::get);

    String first = issuer.deliveryToken();
    now.set(now.get().plus(Duration.ofMinutes(40)));
    String stillFirst = issuer.deliveryToken();
    now.set(now.get().plus(Duration.ofMinutes(10)));
    String renewed = issuer.deliveryToken();

    assertThat(stillFirst).isEqualTo(first);
    assertThat(renewed).isNotEqualTo(first);
    assertThat(SignedJWT.parse(renewed).getJWTClaimsSet().getStringClaim("scope"))
        .isEqualTo("events");
    assertThat(SignedJWT.parse(renewed).getJWTClaimsSet().getExpirationTime().toInstant())
        .isEqualTo(Instant.parse("2026-11-27T11:50:00Z"));
  }

  @Test
  void theTokenCommandPrintsATokenOfTheIssuerUnderTheState() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Kinetic.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "token",
            "--scope",
            "predict",
            "--scope",
            "ingest",
            "--ttl",
            "PT10M",
            "--state",
            state.toString());

    assertThat(exit).as(err.toString()).isZero();
    SignedJWT token = SignedJWT.parse(out.toString().strip());
    assertThat(token.verify(new RSASSAVerifier(publicKey(DevIssuer.open(state))))).isTrue();
    assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("predict ingest");
    assertThat(
            Duration.between(
                token.getJWTClaimsSet().getIssueTime().toInstant(),
                token.getJWTClaimsSet().getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void theTokenCommandNamesTheScopesThereAre() {
    StringWriter err = new StringWriter();

    int exit =
        Kinetic.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "token",
            "--scope",
            "root",
            "--state",
            state.toString());

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("root").contains("predict, ingest, admin, events");
  }
}
