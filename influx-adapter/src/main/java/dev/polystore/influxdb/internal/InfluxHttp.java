package dev.polystore.influxdb.internal;

import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.Headers;
import retrofit2.http.POST;
import retrofit2.http.Query;
import retrofit2.http.Streaming;

/**
 * The HTTP endpoints the store uses, built by influxdb-client-java on its own OkHttp stack
 * ({@code InfluxDBClient.getService}), so its authentication, gzip and timeouts apply: the v1 API that every
 * server generation speaks ({@code /write}, {@code /query}, {@code /ping}) and the v2 write endpoint of 1.8 and
 * later. A {@code null} query parameter is left out.
 */
public interface InfluxHttp {

  /** {@code GET /ping}: 204 (1.x, 2.x) or 200 (3.x) with the headers {@code X-Influxdb-Version} and {@code -Build}. */
  @GET("ping")
  Call<Void> ping();

  /** {@code POST /write}: line protocol into a database and retention policy (every generation). */
  @POST("write")
  Call<Void> writeV1(@Query("db") String database, @Query("rp") String retentionPolicy,
      @Query("precision") String precision, @Body RequestBody lines);

  /** {@code POST /api/v2/write}: line protocol into a bucket (1.8 and later: {@code db/rp}; 2.x: with the org). */
  @POST("api/v2/write")
  Call<Void> writeV2(@Query("org") String org, @Query("bucket") String bucket, @Query("precision") String precision,
      @Body RequestBody lines);

  /**
   * {@code POST /query}: InfluxQL, answered as JSON with times in epoch nanoseconds; with {@code chunked} the
   * reply is one JSON object per chunk of rows, streamed.
   */
  @Streaming
  @FormUrlEncoded
  @Headers("Accept: application/json")
  @POST("query")
  Call<ResponseBody> query(@Field("q") String query, @Query("db") String database,
      @Query("rp") String retentionPolicy, @Query("epoch") String epoch, @Query("chunked") Boolean chunked,
      @Query("chunk_size") Integer chunkSize);
}
