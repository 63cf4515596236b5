package dev.polystore.benchmarks.influx;

import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.Headers;
import retrofit2.http.POST;
import retrofit2.http.Query;
import retrofit2.http.Streaming;

/** The two InfluxDB 1.x endpoints the raw side calls, built on influxdb-client-java's own Retrofit/OkHttp stack. */
public interface RawInfluxHttp {

  @POST("write")
  Call<Void> write(@Query("db") String database, @Query("precision") String precision, @Body RequestBody lines);

  @Streaming
  @FormUrlEncoded
  @Headers("Accept: application/json")
  @POST("query")
  Call<ResponseBody> query(@Field("q") String query, @Query("db") String database, @Query("epoch") String epoch,
      @Query("chunked") Boolean chunked, @Query("chunk_size") Integer chunkSize);
}
