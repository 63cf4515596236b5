package dev.polystore.samples.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializer;
import dev.polystore.samples.compare.ComparisonResult;
import java.time.Instant;
import java.util.Optional;

/**
 * The raw results as JSON: the workload, backends, operations, every result with its answer, support and cost,
 * and the differences. Thread-safe.
 */
public final class JsonReport {

  private static final Gson GSON = new GsonBuilder()
      .setPrettyPrinting()
      .disableHtmlEscaping()
      .serializeSpecialFloatingPointValues()
      .registerTypeAdapter(Instant.class, (JsonSerializer<Instant>) (value, type, context) ->
          new JsonPrimitive(value.toString()))
      .registerTypeAdapter(Optional.class, (JsonSerializer<Optional<?>>) (value, type, context) ->
          value.map(context::serialize).orElse(null))
      .create();

  private JsonReport() {
  }

  /** The result as pretty-printed JSON, with {@code "agreed"} at the top. */
  public static String toJson(ComparisonResult result) {
    JsonElement tree = GSON.toJsonTree(result);
    JsonObject object = new JsonObject();
    object.addProperty("agreed", result.agreed());
    tree.getAsJsonObject().entrySet().forEach(e -> object.add(e.getKey(), e.getValue()));
    return GSON.toJson(object);
  }
}
