package dev.kinetic.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * House sales for {@code examples/house-prices.yaml}: the price grows with area and rooms, falls
 * with age, and depends on the district. When shifted, houses are a third larger and every price is
 * 30% higher for the same house.
 */
public final class HousePricesData implements ExampleData {

  private static final List<String> DISTRICTS = List.of("north", "south", "east", "west", "centre");
  private static final Map<String, Double> PREMIUM =
      Map.of(
          "north", 0.0, "south", 15_000.0, "east", -10_000.0, "west", 5_000.0, "centre", 60_000.0);

  @Override
  public String model() {
    return "house-prices";
  }

  @Override
  public List<String> columns() {
    return List.of("price", "area_m2", "rooms", "age_years", "district");
  }

  @Override
  public Map<String, Object> row(SplittableRandom random, Scenario scenario) {
    boolean shifted = scenario == Scenario.shifted;
    double area =
        Math.clamp((90 + 30 * ExampleData.normal(random)) * (shifted ? 1.33 : 1), 20, 1_500);
    int rooms = Math.clamp(Math.round(area / 25 + ExampleData.normal(random)), 1, 30);
    int age = random.nextInt(81);
    String district = ExampleData.pick(random, DISTRICTS, new double[] {0.25, 0.25, 0.2, 0.2, 0.1});
    double price =
        (50_000 + 2_000 * area + 10_000 * rooms - 600 * age + PREMIUM.get(district))
                * (shifted ? 1.3 : 1)
            + 15_000 * ExampleData.normal(random);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("price", Math.round(Math.max(10_000, price)));
    row.put("area_m2", ExampleData.round(area, 1));
    row.put("rooms", rooms);
    row.put("age_years", age);
    row.put("district", district);
    return row;
  }
}
