package dev.polystore.jdbi.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.polystore.jdbi.JdbiStoreOptions;
import org.junit.jupiter.api.Test;

/** The login a replica connects with: its URL's own, else the options', else the primary URL's. */
class ReadReplicasTest {

  private static final JdbiStoreOptions NO_LOGIN = JdbiStoreOptions.defaults();

  @Test
  void aReplicaUrlThatNamesAUserKeepsItsOwnLogin() {
    assertArrayEquals(new String[2], ReadReplicas.login("jdbc:postgresql://r/db?user=reader&password=x",
        "jdbc:postgresql://p/db?user=app&password=y", JdbiStoreOptions.builder().username("app").build()));
    assertArrayEquals(new String[2], ReadReplicas.login("jdbc:mysql://reader:x@r/db",
        "jdbc:mysql://p/db?user=app", NO_LOGIN));
  }

  @Test
  void otherwiseTheOptionsLoginWins() {
    assertArrayEquals(new String[] {"app", "s3cret"}, ReadReplicas.login("jdbc:postgresql://r/db",
        "jdbc:postgresql://p/db?user=other", JdbiStoreOptions.builder().username("app").password("s3cret").build()));
    assertArrayEquals(new String[] {"app", null}, ReadReplicas.login("jdbc:postgresql://r/db", null,
        JdbiStoreOptions.builder().username("app").build()));
  }

  @Test
  void otherwiseThePrimaryUrlsUserAndPasswordDecoded() {
    assertArrayEquals(new String[] {"app", "p&ss w"}, ReadReplicas.login("jdbc:postgresql://r/db?ssl=false",
        "jdbc:postgresql://p/db?ssl=false&user=app&password=p%26ss+w", NO_LOGIN));
    assertArrayEquals(new String[] {"root", null}, ReadReplicas.login("jdbc:mysql://r:3308/db",
        "jdbc:mysql://p:3307/db?user=root", NO_LOGIN));
  }

  @Test
  void withoutAnyTheDriverDecides() {
    assertArrayEquals(new String[2], ReadReplicas.login("jdbc:postgresql://r/db", "jdbc:postgresql://p/db", NO_LOGIN));
    assertArrayEquals(new String[2], ReadReplicas.login("jdbc:postgresql://r/db", null, NO_LOGIN));
  }
}
