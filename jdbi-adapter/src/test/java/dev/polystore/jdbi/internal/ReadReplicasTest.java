package dev.polystore.jdbi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polystore.jdbi.JdbiStoreOptions;
import org.junit.jupiter.api.Test;

/** The login a replica connects with: its URL's own, else the options', else the primary URL's. */
class ReadReplicasTest {

  private static final JdbiStoreOptions NO_LOGIN = JdbiStoreOptions.defaults();

  @Test
  void aReplicaUrlThatNamesAUserKeepsItsOwnLogin() {
    assertEquals(ReadReplicas.Login.FROM_URL, ReadReplicas.login("jdbc:postgresql://r/db?user=reader&password=x",
        "jdbc:postgresql://p/db?user=app&password=y", JdbiStoreOptions.builder().username("app").build()));
    assertEquals(ReadReplicas.Login.FROM_URL, ReadReplicas.login("jdbc:mysql://reader:x@r/db",
        "jdbc:mysql://p/db?user=app", NO_LOGIN));
  }

  @Test
  void otherwiseTheOptionsLoginWins() {
    assertEquals(new ReadReplicas.Login("app", "s3cret"), ReadReplicas.login("jdbc:postgresql://r/db",
        "jdbc:postgresql://p/db?user=other", JdbiStoreOptions.builder().username("app").password("s3cret").build()));
    assertEquals(new ReadReplicas.Login("app", null), ReadReplicas.login("jdbc:postgresql://r/db", null,
        JdbiStoreOptions.builder().username("app").build()));
  }

  @Test
  void otherwiseThePrimaryUrlsUserAndPasswordDecoded() {
    assertEquals(new ReadReplicas.Login("app", "p&ss w"), ReadReplicas.login("jdbc:postgresql://r/db?ssl=false",
        "jdbc:postgresql://p/db?ssl=false&user=app&password=p%26ss+w", NO_LOGIN));
    assertEquals(new ReadReplicas.Login("root", null), ReadReplicas.login("jdbc:mysql://r:3308/db",
        "jdbc:mysql://p:3307/db?user=root", NO_LOGIN));
  }

  @Test
  void aLoginNeverShowsItsPassword() {
    assertEquals("Login[app, ****]", new ReadReplicas.Login("app", "s3cret").toString());
  }

  @Test
  void withoutAnyTheDriverDecides() {
    assertEquals(ReadReplicas.Login.FROM_URL,
        ReadReplicas.login("jdbc:postgresql://r/db", "jdbc:postgresql://p/db", NO_LOGIN));
    assertEquals(ReadReplicas.Login.FROM_URL, ReadReplicas.login("jdbc:postgresql://r/db", null, NO_LOGIN));
  }
}
