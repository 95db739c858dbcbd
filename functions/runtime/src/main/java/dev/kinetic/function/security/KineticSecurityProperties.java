package dev.kinetic.function.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kinetic.security.*}. The issuer of callers' tokens is Spring Boot's resource-server
 * setting: {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri} or
 * {@code public-key-location}, with {@code audiences} when tokens must name this API.
 *
 * @param enabled whether callers need a token; turning it off is logged as a warning at start
 * @param deliveries how event deliveries are trusted: {@code token} (a token with scope {@code
 *     events}, as the local broker sends), {@code oidc} (Knative Eventing OIDC: a token from the
 *     cluster's service-account issuer for this function's audience) or {@code network} (no token;
 *     for a cluster whose NetworkPolicy admits only the Knative data plane to the functions)
 * @param deliveryIssuer with {@code oidc}: the issuer of the cluster's service-account tokens, e.g.
 *     {@code https://oidc.eks.eu-west-1.amazonaws.com/id/...}
 * @param deliveryJwkSetUri with {@code oidc}: where that issuer's keys are, when its discovery
 *     document cannot be read from the function
 * @param deliveryAudience with {@code oidc}: the audience the Triggers name for this function
 *     (their {@code subscriber.audience}); by default {@code kinetic-<function name>}
 */
@ConfigurationProperties("kinetic.security")
public record KineticSecurityProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("token") Deliveries deliveries,
    String deliveryIssuer,
    String deliveryJwkSetUri,
    String deliveryAudience) {

  public enum Deliveries {
    TOKEN,
    OIDC,
    NETWORK
  }

  public KineticSecurityProperties {
    if (enabled && deliveries == Deliveries.OIDC && isBlank(deliveryIssuer)) {
      throw new IllegalArgumentException(
          "kinetic.security.deliveries=oidc needs kinetic.security.delivery-issuer: the issuer of"
              + " the cluster's service-account tokens");
    }
  }

  /** The audience deliveries must name: the one configured, else {@code kinetic-<function>}. */
  public String deliveryAudienceOr(String function) {
    return isBlank(deliveryAudience) ? "kinetic-" + function : deliveryAudience;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
