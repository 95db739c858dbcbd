package dev.kinetic.function.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * Which scope a caller's token needs for each of a function's HTTP endpoints. A function declares
 * its own as a bean; what it does not name follows the defaults:
 *
 * <ul>
 *   <li>health ({@code /healthz}, {@code /v2/health/**}) is open, for probes;
 *   <li>event deliveries ({@code POST /} and the paths given to {@link Builder#deliveries}) need
 *       scope {@value Scopes#EVENTS}, the scope the local broker's deliveries carry, or one of the
 *       scopes given to {@link Builder#eventsFrom} for callers who post events directly;
 *   <li>any other endpoint needs {@value Scopes#ADMIN}.
 * </ul>
 */
public final class ApiAccess {

  /** An endpoint and the scope it needs; a {@code null} method matches every method. */
  public record Rule(HttpMethod method, String path, String scope) {}

  private final List<Rule> rules;
  private final List<String> deliveries;
  private final Set<String> eventScopes;

  private ApiAccess(Builder builder) {
    this.rules = List.copyOf(builder.rules);
    this.deliveries = List.copyOf(builder.deliveries);
    this.eventScopes = Set.copyOf(builder.eventScopes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What a function with no declared endpoints gets: only the defaults. */
  public static ApiAccess defaults() {
    return builder().build();
  }

  public List<Rule> rules() {
    return rules;
  }

  /** The paths, beside {@code POST /}, where the broker delivers events. */
  public List<String> deliveries() {
    return deliveries;
  }

  /** The scopes that may post events: {@value Scopes#EVENTS} and the function's own. */
  public Set<String> eventScopes() {
    return eventScopes;
  }

  public static final class Builder {

    private final List<Rule> rules = new ArrayList<>();
    private final List<String> deliveries = new ArrayList<>();
    private final Set<String> eventScopes = new LinkedHashSet<>(Set.of(Scopes.EVENTS));

    private Builder() {}

    /** {@code paths} (Spring path patterns) answer {@code method} to tokens with {@code scope}. */
    public Builder require(String scope, HttpMethod method, String... paths) {
      for (String path : paths) {
        rules.add(new Rule(method, path, scope));
      }
      return this;
    }

    /** {@code paths} take every method from tokens with {@code scope}. */
    public Builder require(String scope, String... paths) {
      return require(scope, null, paths);
    }

    /** {@code POST} on {@code paths} is where the broker delivers, as on {@code POST /}. */
    public Builder deliveries(String... paths) {
      deliveries.addAll(List.of(paths));
      return this;
    }

    /** Tokens with {@code scope} may also post events to the function directly. */
    public Builder eventsFrom(String scope) {
      eventScopes.add(scope);
      return this;
    }

    public ApiAccess build() {
      return new ApiAccess(this);
    }
  }
}
