package dev.polystore.influxdb;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link InfluxDatabaseRef} tells a native caller, per server generation. */
class InfluxDatabaseRefTest {

  @Test
  void aRetentionPolicyQualifiesTheMeasurementAndTheFluxBucketOn1x() {
    InfluxDatabaseRef ref = InfluxDatabaseRef.of(InfluxStoreOptions.builder().database("metrics")
        .retentionPolicy("week").build(), "1.8.10");
    assertAll(
        () -> assertEquals("\"week\".\"cpu\"", ref.influxQlMeasurement("cpu")),
        () -> assertEquals("\"we\\\"ird\"", InfluxDatabaseRef.quote("we\"ird")),
        () -> assertEquals("metrics/week", ref.fluxBucket()),
        () -> assertEquals(1, ref.generation()));
  }

  @Test
  void on2xTheDatabaseIsTheBucketAndOn3xPointsCarryTheDuplicatesTag() {
    InfluxDatabaseRef two = InfluxDatabaseRef.of(InfluxStoreOptions.builder().database("metrics").org("acme")
        .build(), "v2.7.12");
    InfluxDatabaseRef three = InfluxDatabaseRef.of(InfluxStoreOptions.builder().database("metrics").build(), "3.10.1");
    assertAll(
        () -> assertEquals("metrics", two.fluxBucket()),
        () -> assertEquals(Optional.of("acme"), two.org()),
        () -> assertEquals(Optional.empty(), two.duplicatesTag()),
        () -> assertEquals(3, three.generation()),
        () -> assertEquals(Optional.of("~id"), three.duplicatesTag()));
  }
}
