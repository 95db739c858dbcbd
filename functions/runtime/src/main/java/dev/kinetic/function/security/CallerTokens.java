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
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * The decoder of callers' tokens and the scopes read from them, made from Spring Boot's {@code
 * spring.security.oauth2.resourceserver.jwt} settings as Boot's own auto-configuration makes them:
 * a JWK set URI (checking the issuer too when one is set), else the issuer's discovery document,
 * read on the first token, else a public key; audiences checked when listed, with the application's
 * own {@link OAuth2TokenValidator} and {@link JwkSetUriJwtDecoderBuilderCustomizer} beans; scopes
 * from the claim, delimiter and prefix the {@code authorities-*} settings name.
 *
 * <p>Boot picks among those with conditions on the settings, and Spring AOT, which the function
 * jars are built with, fixes conditions when the jar is built. Made here, the decoder follows the
 * settings the function starts with: the local runtime's JWK set, a cluster's issuer, an identity
 * provider that puts permissions in a claim of its own.
 */
final class CallerTokens {

  private static final String SETTINGS = "spring.security.oauth2.resourceserver.jwt";

  /**
   * The prefix of the authority each scope is granted as, unless {@code authority-prefix} is set.
   */
  static final String DEFAULT_AUTHORITY_PREFIX = "SCOPE_";

  private CallerTokens() {}

  /**
   * The decoder the settings describe.
   *
   * @param customizers changes to the JWK set decoder's builder, in order, as Boot applies them
   * @param checks validators every token must also pass, after the expiry, issuer and audience
   */
  static JwtDecoder decoder(
      OAuth2ResourceServerProperties.Jwt settings,
      List<JwkSetUriJwtDecoderBuilderCustomizer> customizers,
      List<OAuth2TokenValidator<Jwt>> checks) {
    String issuer = settings.getIssuerUri();
    if (hasText(settings.getJwkSetUri())) {
      return built(
          NimbusJwtDecoder.withJwkSetUri(settings.getJwkSetUri())
              .jwsAlgorithms(algorithms -> algorithms.addAll(algorithms(settings))),
          customizers,
          validator(settings, issuer, checks));
    }
    if (hasText(issuer)) {
      return new SupplierJwtDecoder(
          () ->
              built(
                  NimbusJwtDecoder.withIssuerLocation(issuer),
                  customizers,
                  validator(settings, issuer, checks)));
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
      decoder.setJwtValidator(validator(settings, null, checks));
      return decoder;
    }
    throw new IllegalStateException(
        "kinetic.security.enabled is true but no token issuer is configured: set"
            + " spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or"
            + " public-key-location (SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI, ...),"
            + " or kinetic.security.enabled=false to run without authentication");
  }

  /**
   * The decoder {@code builder} makes once the customizers have had it, checking {@code validator}.
   */
  private static NimbusJwtDecoder built(
      NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder,
      List<JwkSetUriJwtDecoderBuilderCustomizer> customizers,
      OAuth2TokenValidator<Jwt> validator) {
    customizers.forEach(customizer -> customizer.customize(builder));
    NimbusJwtDecoder decoder = builder.build();
    decoder.setJwtValidator(validator);
    return decoder;
  }

  /**
   * What a caller's token grants, as Boot's {@code authorities-claim-name}, {@code
   * authorities-claim-delimiter}, {@code authority-prefix} and {@code principal-claim-name} say: by
   * default the {@code scope} or {@code scp} claim, split on spaces.
   */
  static JwtAuthenticationConverter authorities(OAuth2ResourceServerProperties.Jwt settings) {
    JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    scopes.setAuthorityPrefix(authorityPrefix(settings));
    if (hasText(settings.getAuthoritiesClaimName())) {
      scopes.setAuthoritiesClaimName(settings.getAuthoritiesClaimName());
    }
    if (settings.getAuthoritiesClaimDelimiter() != null) {
      scopes.setAuthoritiesClaimDelimiter(settings.getAuthoritiesClaimDelimiter());
    }
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(scopes);
    if (hasText(settings.getPrincipalClaimName())) {
      converter.setPrincipalClaimName(settings.getPrincipalClaimName());
    }
    return converter;
  }

  static String authorityPrefix(OAuth2ResourceServerProperties.Jwt settings) {
    return settings.getAuthorityPrefix() != null
        ? settings.getAuthorityPrefix()
        : DEFAULT_AUTHORITY_PREFIX;
  }

  private static OAuth2TokenValidator<Jwt> validator(
      OAuth2ResourceServerProperties.Jwt settings,
      String issuer,
      List<OAuth2TokenValidator<Jwt>> checks) {
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
    validators.addAll(checks);
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
