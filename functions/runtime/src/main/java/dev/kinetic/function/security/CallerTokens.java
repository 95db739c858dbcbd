package dev.kinetic.function.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

/**
 * The decoder of callers' tokens, made from Spring Boot's {@code
 * spring.security.oauth2.resourceserver.jwt} settings as Boot's own auto-configuration makes it: a
 * JWK set URI (checking the issuer too when one is set), else the issuer's discovery document, read
 * on the first token, else a public key; audiences checked when listed.
 *
 * <p>Boot picks among those with conditions on the settings, and Spring AOT, which the function
 * jars are built with, fixes conditions when the jar is built. Made here, the decoder follows the
 * settings the function starts with: the local runtime's JWK set, a cluster's issuer.
 */
final class CallerTokens {

  private static final String SETTINGS = "spring.security.oauth2.resourceserver.jwt";

  private CallerTokens() {}

  static JwtDecoder decoder(OAuth2ResourceServerProperties.Jwt settings) {
    String issuer = settings.getIssuerUri();
    if (hasText(settings.getJwkSetUri())) {
      NimbusJwtDecoder decoder =
          NimbusJwtDecoder.withJwkSetUri(settings.getJwkSetUri())
              .jwsAlgorithms(algorithms -> algorithms.addAll(algorithms(settings)))
              .build();
      decoder.setJwtValidator(validator(settings, issuer));
      return decoder;
    }
    if (hasText(issuer)) {
      return new SupplierJwtDecoder(
          () -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(validator(settings, issuer));
            return decoder;
          });
    }
    if (settings.getPublicKeyLocation() != null) {
      List<SignatureAlgorithm> algorithms = algorithms(settings);
      if (algorithms.size() != 1) {
        throw new IllegalStateException(
            SETTINGS
                + ".jws-algorithms: a public key needs exactly one algorithm, not "
                + algorithms);
      }
      NimbusJwtDecoder decoder =
          NimbusJwtDecoder.withPublicKey(publicKey(settings))
              .signatureAlgorithm(algorithms.getFirst())
              .build();
      decoder.setJwtValidator(validator(settings, null));
      return decoder;
    }
    throw new IllegalStateException(
        "kinetic.security.enabled is true but no token issuer is configured: set"
            + " spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or"
            + " public-key-location (SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI, ...),"
            + " or kinetic.security.enabled=false to run without authentication");
  }

  private static OAuth2TokenValidator<Jwt> validator(
      OAuth2ResourceServerProperties.Jwt settings, String issuer) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    if (hasText(issuer)) {
      validators.add(new JwtIssuerValidator(issuer));
    }
    List<String> audiences = settings.getAudiences();
    if (!audiences.isEmpty()) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              JwtClaimNames.AUD,
              named -> named != null && named.stream().anyMatch(audiences::contains)));
    }
    return validators.isEmpty()
        ? JwtValidators.createDefault()
        : JwtValidators.createDefaultWithValidators(validators);
  }

  private static List<SignatureAlgorithm> algorithms(OAuth2ResourceServerProperties.Jwt settings) {
    List<SignatureAlgorithm> algorithms = new ArrayList<>();
    for (String name : settings.getJwsAlgorithms()) {
      SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
      if (algorithm == null) {
        throw new InvalidConfigurationPropertyValueException(
            SETTINGS + ".jws-algorithms", name, "Unknown algorithm");
      }
      algorithms.add(algorithm);
    }
    return algorithms;
  }

  private static RSAPublicKey publicKey(OAuth2ResourceServerProperties.Jwt settings) {
    try {
      String pem =
          settings
              .readPublicKey()
              .replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "");
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA")
              .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          SETTINGS + ".public-key-location",
          settings.getPublicKeyLocation(),
          "not an RSA public key in PEM: " + e.getMessage());
    }
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
