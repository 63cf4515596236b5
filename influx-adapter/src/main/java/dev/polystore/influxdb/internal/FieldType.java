package dev.polystore.influxdb.internal;

import dev.polystore.StoreException;

/**
 * The type of an InfluxDB field, one per field name and measurement, with the Java type an event holds it as.
 */
enum FieldType {
  INTEGER("integer", Long.class),
  FLOAT("float", Double.class),
  BOOLEAN("boolean", Boolean.class),
  STRING("string", String.class);

  private final String influxName;
  private final Class<?> javaType;

  FieldType(String influxName, Class<?> javaType) {
    this.influxName = influxName;
    this.javaType = javaType;
  }

  /** The type of an event's field value ({@code Long}, {@code Double}, {@code Boolean} or {@code String}). */
  static FieldType of(Object value) {
    if (value instanceof Long) {
      return INTEGER;
    }
    if (value instanceof Double) {
      return FLOAT;
    }
    if (value instanceof Boolean) {
      return BOOLEAN;
    }
    return STRING;
  }

  /** The type {@code SHOW FIELD KEYS} names ({@code integer}, {@code float}, {@code boolean}, {@code string}). */
  static FieldType ofInflux(String name) {
    for (FieldType type : values()) {
      if (type.influxName.equals(name)) {
        return type;
      }
    }
    // 2.x and 3.x may name unsigned integers; the store never writes them
    throw new StoreException("InfluxDB reports a field type Polystore does not read: " + name);
  }

  /** The value of a field of this type, from its text in a JSON reply (numbers as written, exactly). */
  Object parse(String text) {
    return switch (this) {
      case INTEGER -> Long.parseLong(text);
      case FLOAT -> Double.parseDouble(text);
      case BOOLEAN -> Boolean.parseBoolean(text);
      case STRING -> text;
    };
  }

  /** For messages: {@code Long (InfluxDB integer)}. */
  String describe() {
    return javaType.getSimpleName() + " (InfluxDB " + influxName + ")";
  }

  String influxName() {
    return influxName;
  }
}
