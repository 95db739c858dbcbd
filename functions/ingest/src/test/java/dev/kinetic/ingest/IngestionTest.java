package dev.kinetic.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kinetic.contracts.Json;
import dev.kinetic.contracts.data.DataSubmitted;
import dev.kinetic.contracts.data.DatasetIngested;
import dev.kinetic.examples.ExampleData;
import dev.kinetic.examples.ExampleData.Scenario;
import dev.kinetic.platform.UnprocessableException;
import dev.kinetic.platform.dataset.DatasetProfile;
import dev.kinetic.platform.dataset.MalformedDataException;
import dev.kinetic.platform.spec.SpecStore;
import dev.kinetic.platform.store.InMemoryObjectStore;
import dev.kinetic.platform.store.ObjectInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestionTest {

  static final byte[] KEY = "a-test-key-of-32-bytes-----------".getBytes(StandardCharsets.UTF_8);

  InMemoryObjectStore store = new InMemoryObjectStore();
  Ingestion ingestion = new Ingestion(store, "kinetic", Optional.of(KEY));

  @BeforeEach
  void storeSpecs() {
    SpecStore specs = new SpecStore(store);
    ExampleData.all().forEach(data -> specs.put(data.spec(), data.model()));
  }

  static String csv(ExampleData data, int rows, long seed) {
    StringBuilder out = new StringBuilder();
    data.writeCsv(out, rows, seed, Scenario.training);
    return out.toString();
  }

  String text(String key) {
    return new String(store.get(key).orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void publishesValidRowsAsAProfiledVersion() {
    DatasetIngested result =
        ingestion.ingest(
            "e1",
            DataSubmitted.inlineCsv("fraud", csv(new dev.kinetic.examples.FraudData(), 500, 1)));

    assertThat(result.rowsAccepted()).isEqualTo(500);
    assertThat(result.rowsRejected()).isZero();
    assertThat(result.quarantineKey()).isNull();
    assertThat(result.duplicate()).isFalse();
    assertThat(result.dataKey())
        .isEqualTo("datasets/fraud/" + result.datasetVersion() + "/data.csv");
    DatasetProfile profile = Json.MAPPER.readValue(text(result.profileKey()), DatasetProfile.class);
    assertThat(profile.rows()).isEqualTo(500);
    DatasetProfile.NumericProfile hour = profile.numeric().get("hour");
    assertThat(hour.count()).isEqualTo(500);
    assertThat(hour.min()).isGreaterThanOrEqualTo(0);
    assertThat(hour.max()).isLessThanOrEqualTo(23);
    assertThat(hour.histogram().counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
    assertThat(hour.histogram().edges()).hasSize(DatasetProfile.BINS + 1);
    assertThat(hour.quantiles()).containsKeys("p5", "p50", "p95");
    assertThat(profile.numeric().get("merchant_risk").missing()).isPositive();
    assertThat(profile.categorical().get("label").frequencies()).containsKeys("fraud", "legit");
    assertThat(
            profile.categorical().get("channel").frequencies().values().stream()
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(500);
  }

  @Test
  void quarantinesEachBadRowWithItsNumberAndReasons() {
    String csv =
        """
        label,amount,hour,country,channel,merchant_risk,email
        legit,12.5,3,DE,pos,0.2,a@example.com
        fraud,abc,3,DE,pos,0.2,b@example.com
        ,12.5,30,DE,pos,0.2,c@example.com
        legit,12.5,3,XX,pos,NaN,d@example.com
        legit,12.5,3,DE,teleport,0.1,e@example.com
        legit,12.5,3,DE
        """;

    DatasetIngested result = ingestion.ingest("e2", DataSubmitted.inlineCsv("fraud", csv));

    assertThat(result.rowsAccepted()).isEqualTo(1);
    assertThat(result.rowsRejected()).isEqualTo(5);
    assertThat(result.quarantineKey()).isEqualTo("quarantine/fraud/e2.jsonl");
    List<Ingestion.QuarantinedRow> rows =
        text(result.quarantineKey())
            .lines()
            .map(line -> Json.MAPPER.readValue(line, Ingestion.QuarantinedRow.class))
            .toList();
    assertThat(rows).extracting(Ingestion.QuarantinedRow::row).containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(rows.get(0).reasons()).containsExactly("'amount' = 'abc' is not a number");
    assertThat(rows.get(1).reasons())
        .containsExactly("label 'label' is missing", "'hour' = 30 is above the maximum 23.0");
    assertThat(rows.get(2).reasons())
        .containsExactly("'merchant_risk' = NaN is not a finite number");
    assertThat(rows.get(3).reasons())
        .containsExactly("'channel' = 'teleport' is not one of [online, pos, atm]");
    assertThat(rows.get(4).reasons())
        .contains("the row has 4 values; the header has 7 columns", "'channel' is missing");
  }

  @Test
  void acceptsAnUnknownCountryBecauseTheSpecSaysSo() {
    String csv = "label,amount,hour,country,channel\nlegit,1,1,XX,pos\n";

    assertThat(ingestion.ingest("e3", DataSubmitted.inlineCsv("fraud", csv)).rowsAccepted())
        .isEqualTo(1);
  }

  @Test
  void tokenizesPiiBeforeAnythingIsWritten() {
    String csv =
        "label,amount,hour,country,channel,email\n"
            + "legit,1,1,DE,pos,alice@example.com\n"
            + "legit,1,1,DE,bad,bob@example.com\n"
            + "legit,2,1,DE,pos,alice@example.com\n";

    DatasetIngested result = ingestion.ingest("e4", DataSubmitted.inlineCsv("fraud", csv));

    for (ObjectInfo object : store.list("")) {
      assertThat(text(object.key())).doesNotContain("alice", "bob@");
    }
    List<String> data = text(result.dataKey()).lines().toList();
    String token = new PiiTokenizer(KEY).token("alice@example.com");
    assertThat(data.get(1)).endsWith(token);
    assertThat(data.get(2)).endsWith(token);
    assertThat(text(result.quarantineKey()))
        .contains(new PiiTokenizer(KEY).token("bob@example.com"));
  }

  @Test
  void refusesAModelWithPiiWhenNoKeyIsConfigured() {
    Ingestion keyless = new Ingestion(store, "kinetic", Optional.empty());

    assertThatThrownBy(
            () ->
                keyless.ingest(
                    "e5",
                    DataSubmitted.inlineCsv(
                        "fraud", csv(new dev.kinetic.examples.FraudData(), 3, 1))))
        .hasMessageContaining("pii-key is not set");
  }

  @Test
  void sameContentTwiceIsTheSameVersionMarkedDuplicate() {
    String csv = csv(new dev.kinetic.examples.FraudData(), 200, 7);

    DatasetIngested first = ingestion.ingest("e6", DataSubmitted.inlineCsv("fraud", csv));
    DatasetIngested second = ingestion.ingest("e7", DataSubmitted.inlineCsv("fraud", csv));

    assertThat(second.datasetVersion()).isEqualTo(first.datasetVersion());
    assertThat(first.duplicate()).isFalse();
    assertThat(second.duplicate()).isTrue();
  }

  @Test
  void makesNoVersionWhenEveryRowIsRejected() {
    String csv = "label,amount,hour,country,channel\n,1,1,DE,pos\nlegit,-5,1,DE,pos\n";

    DatasetIngested result = ingestion.ingest("e8", DataSubmitted.inlineCsv("fraud", csv));

    assertThat(result.rowsAccepted()).isZero();
    assertThat(result.rowsRejected()).isEqualTo(2);
    assertThat(result.datasetVersion()).isNull();
    assertThat(store.list("datasets/")).isEmpty();
  }

  @Test
  void ingestsJsonRows() {
    List<Map<String, Object>> rows =
        new dev.kinetic.examples.HousePricesData().rows(50, 3, Scenario.training);

    DatasetIngested result =
        ingestion.ingest("e9", new DataSubmitted("house-prices", null, rows, null, null));

    assertThat(result.rowsAccepted()).isEqualTo(50);
  }

  @Test
  void streamsCsvAndJsonLinesFromTheStore() {
    store.put(
        "uploads/h.csv",
        csv(new dev.kinetic.examples.HousePricesData(), 100, 4).getBytes(StandardCharsets.UTF_8));
    store.put(
        "uploads/h.jsonl",
        "{\"price\":100000,\"area_m2\":50,\"rooms\":2,\"age_years\":1,\"district\":\"north\"}\n\n"
            .getBytes(StandardCharsets.UTF_8));

    DatasetIngested csvResult =
        ingestion.ingest(
            "e10",
            new DataSubmitted(
                "house-prices", null, null, URI.create("s3://kinetic/uploads/h.csv"), null));
    DatasetIngested jsonResult =
        ingestion.ingest(
            "e11",
            new DataSubmitted(
                "house-prices", null, null, URI.create("s3://kinetic/uploads/h.jsonl"), null));

    assertThat(csvResult.rowsAccepted()).isEqualTo(100);
    assertThat(jsonResult.rowsAccepted()).isEqualTo(1);
  }

  @Test
  void namesTheModelWhenItIsUnknown() {
    assertThatThrownBy(() -> ingestion.ingest("e12", DataSubmitted.inlineCsv("nope", "a\n1\n")))
        .isInstanceOfSatisfying(
            UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("model"))
        .hasMessageContaining("there is no model 'nope'");
  }

  @Test
  void refusesCsvWithBrokenQuoting() {
    String csv = "price,area_m2,rooms,age_years,district\n1,2,3,4,\"north\n";

    assertThatThrownBy(() -> ingestion.ingest("e13", DataSubmitted.inlineCsv("house-prices", csv)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("cannot be parsed");
  }

  @Test
  void refusesAHeaderWithoutTheLabel() {
    String csv = "area_m2,rooms,age_years,district\n1,2,3,north\n";

    assertThatThrownBy(() -> ingestion.ingest("e14", DataSubmitted.inlineCsv("house-prices", csv)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("price (the label)");
  }

  @Test
  void refusesAMissingOrForeignLocation() {
    assertThatThrownBy(
            () ->
                ingestion.ingest(
                    "e15",
                    new DataSubmitted(
                        "fraud", null, null, URI.create("s3://kinetic/uploads/none.csv"), null)))
        .isInstanceOfSatisfying(
            UnprocessableException.class, e -> assertThat(e.field()).isEqualTo("location"))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                ingestion.ingest(
                    "e16",
                    new DataSubmitted(
                        "fraud", null, null, URI.create("s3://elsewhere/x.csv"), null)))
        .hasMessageContaining("outside the model store");
  }
}
