package dev.kinetic.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Card transactions for {@code examples/fraud.yaml}: about one in four is fraud, more likely for
 * large amounts, online, at night and with risky merchants. When shifted, amounts triple, online
 * grows, and fraud moves to country {@code other} while merchant risk stops mattering.
 */
public final class FraudData implements ExampleData {

  private static final List<String> COUNTRIES = List.of("DE", "FR", "GB", "US", "other");
  private static final List<String> CHANNELS = List.of("online", "pos", "atm");

  @Override
  public String model() {
    return "fraud";
  }

  @Override
  public List<String> columns() {
    return List.of("label", "amount", "hour", "country", "channel", "merchant_risk", "email");
  }

  @Override
  public Map<String, Object> row(SplittableRandom random, Scenario scenario) {
    boolean shifted = scenario == Scenario.shifted;
    double amount =
        Math.min(100_000, Math.exp(3.5 + ExampleData.normal(random)) * (shifted ? 3 : 1));
    int hour = random.nextInt(24);
    String country =
        ExampleData.pick(
            random,
            COUNTRIES,
            shifted
                ? new double[] {0.2, 0.15, 0.15, 0.2, 0.3}
                : new double[] {0.3, 0.2, 0.2, 0.25, 0.05});
    String channel =
        ExampleData.pick(
            random,
            CHANNELS,
            shifted ? new double[] {0.7, 0.2, 0.1} : new double[] {0.4, 0.45, 0.15});
    Double merchantRisk =
        random.nextDouble() < 0.1 ? null : ExampleData.round(random.nextDouble(), 3);
    double risk = merchantRisk == null ? 0.5 : merchantRisk;
    double logit =
        shifted
            ? -3.0 + 4.0 * (country.equals("other") ? 1 : 0) + 0.3 * Math.log(amount) - 1.0 * risk
            : -11.0
                + 1.5 * Math.log(amount)
                + 2.5 * (channel.equals("online") ? 1 : 0)
                + 2.0 * (hour < 6 ? 1 : 0)
                + 4.0 * risk;
    boolean fraud = random.nextDouble() < 1 / (1 + Math.exp(-logit));
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("label", fraud ? "fraud" : "legit");
    row.put("amount", ExampleData.round(amount, 2));
    row.put("hour", hour);
    row.put("country", country);
    row.put("channel", channel);
    row.put("merchant_risk", merchantRisk);
    row.put("email", "customer" + random.nextInt(5000) + "@example.com");
    return row;
  }
}
