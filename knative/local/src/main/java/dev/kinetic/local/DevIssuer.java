package dev.kinetic.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The local runtime's token issuer, in the part a cluster's identity provider plays: an RSA key
 * made on first use and kept in {@code <state>/security/dev-signing-key.json} (owner-only), its
 * public half served as a JWKS at {@code /.well-known/jwks.json}, and signed tokens with the scopes
 * asked for. The functions it starts trust this issuer and nothing else.
 */
public final class DevIssuer {

  /** The {@code iss} of every token, which the functions check. */
  public static final String ISSUER = "urn:kinetic:local";

  /** Where the gateway serves the public key set. */
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  private static final Duration DELIVERY_TTL = Duration.ofHours(1);

  private final RSAKey key;
  private final InstantSource clock;
  private volatile Delivery delivery;

  private record Delivery(String token, Instant renewAt) {}

  private DevIssuer(RSAKey key, InstantSource clock) {
    this.key = key;
    this.clock = clock;
  }

  /** The issuer whose key is under {@code state}, making the key if there is none yet. */
  public static DevIssuer open(Path state) {
    return open(state, InstantSource.system());
  }

  static DevIssuer open(Path state, InstantSource clock) {
    Path file = keyFile(state);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        RSAKey made =
            new RSAKeyGenerator(2048)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .generate();
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(partial, made.toJSONString());
        try {
          Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
          // the folder's own permissions are all there is
        }
        Files.move(partial, file);
      }
      return new DevIssuer(RSAKey.parse(Files.readString(file)), clock);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the dev signing key " + file, e);
    } catch (JOSEException | ParseException e) {
      throw new IllegalStateException(
          "the dev signing key " + file + " is not a usable RSA JWK; delete it to make a new one",
          e);
    }
  }

  static Path keyFile(Path state) {
    return state.resolve("security").resolve("dev-signing-key.json");
  }

  /** A token for {@code subject} with {@code scopes}, valid for {@code ttl}. */
  public String token(String subject, Duration ttl, List<String> scopes) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(subject)
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .claim("scope", String.join(" ", scopes))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a dev token", e);
    }
    return jwt.serialize();
  }

  /**
   * The token the brokers send with each delivery (scope {@code events}), made again when less than
   * a quarter of its life is left.
   */
  public String deliveryToken() {
    Delivery current = delivery;
    Instant now = clock.instant();
    if (current == null || now.isAfter(current.renewAt())) {
      current =
          new Delivery(
              token("broker", DELIVERY_TTL, List.of("events")),
              now.plus(DELIVERY_TTL.multipliedBy(3).dividedBy(4)));
      delivery = current;
    }
    return current.token();
  }

  /** The public key set, as JSON. */
  public String jwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }
}
