package dev.kinetic.function.security;

import com.nimbusds.jwt.JWTParser;
import dev.kinetic.contracts.Json;
import dev.kinetic.function.ErrorBody;
import dev.kinetic.function.FunctionProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every function's HTTP API as an OAuth2 resource server: JWTs from the configured issuer, scopes
 * per endpoint from the function's {@link ApiAccess}, 401 without a valid token and 403 without the
 * scope, both with a JSON body saying what was missing.
 */
@AutoConfiguration(
    before = {
      ServletWebSecurityAutoConfiguration.class,
      OAuth2ResourceServerAutoConfiguration.class
    })
@EnableConfigurationProperties({
  KineticSecurityProperties.class,
  OAuth2ResourceServerProperties.class
})
public class FunctionSecurityConfiguration {

  private static final Logger log = LoggerFactory.getLogger(FunctionSecurityConfiguration.class);

  private static final String[] HEALTH = {"/healthz", "/v2/health/**"};

  /**
   * Callers' tokens, checked as Boot's resource-server settings say (see {@link CallerTokens});
   * made only when security is on, so a function without it needs none of those settings.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean
  JwtDecoder jwtDecoder(
      OAuth2ResourceServerProperties resourceServer,
      ObjectProvider<JwkSetUriJwtDecoderBuilderCustomizer> customizers,
      ObjectProvider<OAuth2TokenValidator<Jwt>> checks) {
    return CallerTokens.decoder(
        resourceServer.getJwt(),
        customizers.orderedStream().toList(),
        checks.orderedStream().toList());
  }

  /** A set of requests and the scopes that may make them; the first that matches decides. */
  record Guard(RequestMatcher requests, Set<String> scopes) {}

  @Bean
  SecurityFilterChain kineticApiSecurity(
      HttpSecurity http,
      KineticSecurityProperties properties,
      ObjectProvider<ApiAccess> access,
      ObjectProvider<JwtDecoder> decoder,
      FunctionProperties function,
      OAuth2ResourceServerProperties resourceServer,
      Environment environment)
      throws Exception {
    // A token on every request and nothing else: no session, no anonymous user, no servlet API
    // wrapper, filters that each cost every request something and serve none here.
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .servletApi(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        // The headers OWASP's REST cheat sheet asks of a JSON API: no caching, no sniffing, no
        // framing (and HSTS over HTTPS). Not the browser-page set's Pragma, Expires and
        // X-XSS-Protection: 0, which every answer carried to clients that ignore them.
        .headers(
            headers ->
                headers
                    .xssProtection(HeadersConfigurer.XXssConfig::disable)
                    .cacheControl(HeadersConfigurer.CacheControlConfig::disable)
                    .addHeaderWriter(new StaticHeadersWriter("Cache-Control", "no-store")));
    if (!properties.enabled()) {
      log.warn(
          "kinetic.security.enabled=false: this function's HTTP API answers anyone, with no"
              + " token. Use this only on a machine no one else can reach.");
      // A chain that matches no request: no security filter runs at all (a permit-all chain
      // still ran a dozen of them, 15% of a prediction's time on the server).
      return http.securityMatcher(request -> false).build();
    }
    JwtDecoder callerTokens = decoder.getObject();
    List<Guard> guards = guards(access.getIfAvailable(ApiAccess::defaults), properties);
    String prefix = CallerTokens.authorityPrefix(resourceServer.getJwt());
    http.authorizeHttpRequests(
            authorize -> {
              authorize.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
              authorize.requestMatchers(HttpMethod.GET, HEALTH).permitAll();
              for (Guard guard : guards) {
                if (guard.scopes().isEmpty()) {
                  authorize.requestMatchers(guard.requests()).permitAll();
                } else {
                  authorize
                      .requestMatchers(guard.requests())
                      .hasAnyAuthority(
                          guard.scopes().stream().map(s -> prefix + s).toArray(String[]::new));
                }
              }
              authorize.anyRequest().hasAuthority(prefix + Scopes.ADMIN);
            })
        .oauth2ResourceServer(
            server -> {
              JwtAuthenticationProvider callerScopes = new JwtAuthenticationProvider(callerTokens);
              callerScopes.setJwtAuthenticationConverter(
                  CallerTokens.authorities(resourceServer.getJwt()));
              AuthenticationManager callers = new ProviderManager(callerScopes);
              AuthenticationManager tokens =
                  new VerifiedTokens(
                      properties.deliveries() == KineticSecurityProperties.Deliveries.OIDC
                          ? byIssuer(
                              callers,
                              properties,
                              prefix,
                              function.nameOr(environment.getProperty("spring.application.name")))
                          : callers);
              server.authenticationManagerResolver(request -> tokens);
              BearerTokenAuthenticationConverter bearer = new BearerTokenAuthenticationConverter();
              bearer.setBearerTokenResolver(new BearerTokens());
              // No WebAuthenticationDetails (the caller's address and session id) built for every
              // request: nothing reads them, and asking Tomcat for the address through the
              // request's wrappers took 1.4 % of the server's samples in a profile of /predict.
              bearer.setAuthenticationDetailsSource(request -> null);
              server
                  .authenticationConverter(bearer)
                  .authenticationEntryPoint(FunctionSecurityConfiguration::unauthorized)
                  .accessDeniedHandler(forbidden(guards, prefix));
            });
    return http.build();
  }

  /**
   * Two issuers, told apart by the token's {@code iss}: the cluster's service-account issuer, whose
   * tokens for this function's audience are Knative Eventing's deliveries (scope {@code events}),
   * and the callers' issuer for everything else.
   */
  private static AuthenticationManager byIssuer(
      AuthenticationManager callers,
      KineticSecurityProperties properties,
      String prefix,
      String function) {
    String issuer = properties.deliveryIssuer();
    String audience = properties.deliveryAudienceOr(function);
    NimbusJwtDecoder deliveryTokens =
        properties.deliveryJwkSetUri() != null
            ? NimbusJwtDecoder.withJwkSetUri(properties.deliveryJwkSetUri()).build()
            : NimbusJwtDecoder.withIssuerLocation(issuer).build();
    deliveryTokens.setJwtValidator(
        JwtValidators.createDefaultWithValidators(
            List.<OAuth2TokenValidator<Jwt>>of(
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, named -> named != null && named.contains(audience)))));
    JwtAuthenticationConverter asDelivery = new JwtAuthenticationConverter();
    asDelivery.setJwtGrantedAuthoritiesConverter(
        jwt -> List.of(new SimpleGrantedAuthority(prefix + Scopes.EVENTS)));
    JwtAuthenticationProvider deliveryProvider = new JwtAuthenticationProvider(deliveryTokens);
    deliveryProvider.setJwtAuthenticationConverter(asDelivery);
    AuthenticationManager deliveries = new ProviderManager(deliveryProvider);
    log.info(
        "event deliveries are checked as Knative Eventing OIDC tokens from {} for audience {}",
        issuer,
        audience);
    return authentication ->
        (issuer.equals(issuerOf(authentication)) ? deliveries : callers)
            .authenticate(authentication);
  }

  /** The {@code iss} of a bearer token, read without checking it: it only picks the checker. */
  private static String issuerOf(Authentication authentication) {
    if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
      return null;
    }
    try {
      return JWTParser.parse(bearer.getToken()).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new InvalidBearerTokenException("the token is not a JWT: " + e.getMessage(), e);
    }
  }

  /**
   * Spring Security's firewall, with header values checked by a character loop rather than its
   * regular expression, which ran over every character of every header (a signed JWT is about 800)
   * on each request. What it refuses is the same: control characters and unassigned code points.
   */
  @Bean
  WebSecurityCustomizer kineticFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(FunctionSecurityConfiguration::isPrintable);
    firewall.setAllowedHeaderValues(FunctionSecurityConfiguration::isPrintable);
    return web -> web.httpFirewall(firewall);
  }

  static boolean isPrintable(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= ' ' && c <= '~') {
        continue; // printable ASCII, all of a bearer token: no Unicode table lookup
      }
      if (Character.isISOControl(c) || !Character.isDefined(c)) {
        return false;
      }
    }
    return true;
  }

  static List<Guard> guards(ApiAccess access, KineticSecurityProperties properties) {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    Set<String> eventScopes =
        properties.deliveries() == KineticSecurityProperties.Deliveries.NETWORK
            ? Set.of()
            : access.eventScopes();
    List<Guard> guards = new ArrayList<>();
    guards.add(new Guard(paths.matcher(HttpMethod.POST, "/"), eventScopes));
    for (String delivery : access.deliveries()) {
      guards.add(new Guard(paths.matcher(HttpMethod.POST, delivery), eventScopes));
    }
    for (ApiAccess.Rule rule : access.rules()) {
      guards.add(new Guard(paths.matcher(rule.method(), rule.path()), Set.of(rule.scope())));
    }
    return guards;
  }

  private static void unauthorized(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException problem)
      throws IOException {
    new BearerTokenAuthenticationEntryPoint().commence(request, response, problem);
    String error =
        problem instanceof OAuth2AuthenticationException invalid
                && invalid.getError().getDescription() != null
            ? "invalid bearer token: " + invalid.getError().getDescription()
            : "this endpoint needs a bearer token (Authorization: Bearer <token>)";
    write(response, HttpServletResponse.SC_UNAUTHORIZED, error);
  }

  private static AccessDeniedHandler forbidden(List<Guard> guards, String prefix) {
    BearerTokenAccessDeniedHandler headers = new BearerTokenAccessDeniedHandler();
    return (request, response, denied) -> {
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      // Spring's handler finds the token through the servlet API, which this chain leaves out.
      headers.handle(
          new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
              return authentication;
            }
          },
          response,
          denied);
      Set<String> needed =
          guards.stream()
              .filter(guard -> guard.requests().matches(request))
              .findFirst()
              .map(Guard::scopes)
              .orElse(Set.of(Scopes.ADMIN));
      write(
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "this endpoint needs a token with scope "
              + String.join(" or ", new TreeSet<>(needed))
              + "; this token has "
              + scopesOf(authentication, prefix));
    };
  }

  private static Set<String> scopesOf(Authentication authentication, String prefix) {
    Set<String> scopes = new TreeSet<>();
    if (authentication != null) {
      for (GrantedAuthority authority : authentication.getAuthorities()) {
        String name = authority.getAuthority();
        // FACTOR_BEARER, how the caller proved who it is, is no scope whatever the prefix
        if (name != null
            && name.startsWith(prefix)
            && !(authority instanceof FactorGrantedAuthority)) {
          scopes.add(name.substring(prefix.length()));
        }
      }
    }
    return scopes;
  }

  private static void write(HttpServletResponse response, int status, String error)
      throws IOException {
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response
        .getOutputStream()
        .write(Json.MAPPER.writeValueAsBytes(new ErrorBody(status, error, List.of())));
  }
}
