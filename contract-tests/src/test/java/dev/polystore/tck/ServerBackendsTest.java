package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The resolution order of test servers, without Docker: every source is supplied by the test. */
class ServerBackendsTest {

  private final Map<String, String> env = new HashMap<>();
  private final Map<String, String> props = new HashMap<>();
  private boolean docker;
  private final AtomicInteger dockerChecks = new AtomicInteger();
  private final AtomicInteger containerStarts = new AtomicInteger();
  private RuntimeException containerProblem;
  private final ByteArrayOutputStream notices = new ByteArrayOutputStream();

  /** A registered server with a container, as an adapter's test tree registers one. */
  private final TestServer postgres = new TestServer() {
    public String name() {
      return "postgres";
    }

    public String defaultUsername() {
      return "postgres";
    }

    public String exampleUrl() {
      return "jdbc:postgresql://127.0.0.1:5432/test";
    }

    public ServerBackend startContainer() {
      containerStarts.incrementAndGet();
      if (containerProblem != null) {
        throw containerProblem;
      }
      return new ServerBackend("jdbc:postgresql://container:5432/test", "test", "secret");
    }
  };

  /** A registered server without a container. */
  private final TestServer mysql = new TestServer() {
    public String name() {
      return "MySQL";
    }

    public String defaultUsername() {
      return "root";
    }

    public String exampleUrl() {
      return "jdbc:mysql://127.0.0.1:3306/test";
    }
  };

  /** A registered server reached only through a container, as a version no script installs. */
  private final TestServer containerOnly = new TestServer() {
    public String name() {
      return "influxdb3";
    }

    public String exampleUrl() {
      return "influxdb:?url=http://127.0.0.1:8181";
    }

    public boolean containerOnly() {
      return true;
    }
  };

  private ServerBackends backends() {
    return new ServerBackends(env::get, props::get, () -> {
      dockerChecks.incrementAndGet();
      return docker;
    }, Map.of("postgres", postgres, "mysql", mysql, "influxdb3", containerOnly),
        new PrintStream(notices, true, StandardCharsets.UTF_8));
  }

  private String notices() {
    return notices.toString(StandardCharsets.UTF_8);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void urlFromTheEnvironmentComesFirst() {
    env.put("POLYSTORE_TEST_POSTGRES_URL", " jdbc:postgresql://127.0.0.1:5432/test ");
    docker = true;
    ServerBackend server = backends().find("postgres");
    assertEquals(new ServerBackend("jdbc:postgresql://127.0.0.1:5432/test", "postgres", null), server);
    assertEquals(0, dockerChecks.get(), "Docker is not even asked when a URL is set");
    assertEquals(0, containerStarts.get());
  }

  @Test
  void systemPropertyWinsOverTheEnvironment() {
    env.put("POLYSTORE_TEST_MYSQL_URL", "jdbc:mysql://env:3306/test");
    props.put("polystore.test.mysql.url", "jdbc:mysql://prop:3306/test");
    ServerBackend server = backends().find("MySQL");
    assertEquals("jdbc:mysql://prop:3306/test", server.jdbcUrl());
    assertEquals("root", server.username(), "MySQL's default user");
  }

  @Test
  void credentialsAndGenericNamesComeFromTheSameSources() {
    env.put("POLYSTORE_TEST_ORACLE_URL", "jdbc:oracle:thin:@//db:1521/test");
    env.put("POLYSTORE_TEST_ORACLE_USERNAME", "scott");
    props.put("polystore.test.oracle.password", "tiger");
    ServerBackend server = backends().find("oracle");
    assertEquals(new ServerBackend("jdbc:oracle:thin:@//db:1521/test", "scott", "tiger"), server);
    assertFalse(server.toString().contains("tiger"), server.toString());
    assertEquals("POLYSTORE_TEST_ORACLE_URL", ServerBackends.environmentVariable("Oracle"));
    assertEquals("polystore.test.oracle.url", ServerBackends.systemProperty("Oracle"));
  }

  @Test
  void unknownBackendsHaveNoDefaultUser() {
    env.put("POLYSTORE_TEST_DB2_URL", "jdbc:db2://db:50000/test");
    assertNull(backends().find("db2").username());
    assertNull(backends().find("db2").password());
  }

  @Test
  void containerWhenDockerAnswersAndNoUrlIsSet() {
    docker = true;
    ServerBackend server = backends().find("postgres");
    assertEquals("jdbc:postgresql://container:5432/test", server.jdbcUrl());
    assertEquals(1, containerStarts.get());
  }

  @Test
  void skippedWithANoticeNamingTheVariableWhenNothingAnswers() {
    TestAbortedException e = assertThrows(TestAbortedException.class, () -> backends().find("postgres"));
    assertTrue(e.getMessage().contains("POLYSTORE_TEST_POSTGRES_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dpolystore.test.postgres.url"), e.getMessage());
    assertTrue(e.getMessage().contains("such as jdbc:postgresql://127.0.0.1:5432/test"), e.getMessage());
    assertTrue(e.getMessage().contains("no Docker engine"), e.getMessage());
    assertTrue(e.getMessage().contains("POLYSTORE_TEST_REQUIRE=all"), e.getMessage());
    assertEquals(0, containerStarts.get());
    assertTrue(notices().contains("SKIPPED: No postgres server") && notices().contains("POLYSTORE_TEST_POSTGRES_URL"),
        notices());
  }

  @Test
  void aMissingServerSkipsEveryTestThatAsksWithOneBannerAndOneDockerCheck() {
    ServerBackends backends = backends();
    TestAbortedException first = assertThrows(TestAbortedException.class, () -> backends.find("postgres"));
    TestAbortedException second = assertThrows(TestAbortedException.class, () -> backends.find("Postgres"));
    assertEquals(first.getMessage(), second.getMessage());
    assertThrows(TestAbortedException.class, () -> backends.find("mysql"));
    assertThrows(TestAbortedException.class, () -> backends.find("mysql"));
    assertEquals(1, dockerChecks.get(), "Docker is asked once, for every backend");
    assertEquals(1, occurrences(notices(), "SKIPPED: No postgres server"), notices());
    assertEquals(1, occurrences(notices(), "SKIPPED: No mysql server"), notices());
  }

  @Test
  void theFirstOutcomeIsKeptWhileTheSameObjectIsAsked() {
    ServerBackends backends = backends();
    assertThrows(TestAbortedException.class, () -> backends.find("postgres"));
    env.put("POLYSTORE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    assertThrows(TestAbortedException.class, () -> backends.find("postgres"),
        "a JVM's tests see one outcome per backend");
    assertEquals("jdbc:postgresql://127.0.0.1:5432/test", backends().find("postgres").jdbcUrl());
  }

  @Test
  void aContainerIsStartedOnceAndSharedByEveryTest() {
    docker = true;
    ServerBackends backends = backends();
    ServerBackend first = backends.find("postgres");
    assertEquals(first, backends.find("postgres"));
    assertEquals(1, containerStarts.get());
    assertEquals(1, dockerChecks.get());
  }

  @Test
  void aContainerThatDoesNotStartIsAnErrorForEveryTestAndIsTriedOnce() {
    docker = true;
    containerProblem = new IllegalStateException("image pull failed");
    ServerBackends backends = backends();
    IllegalStateException first = assertThrows(IllegalStateException.class, () -> backends.find("postgres"));
    IllegalStateException second = assertThrows(IllegalStateException.class, () -> backends.find("postgres"));
    assertTrue(first.getMessage().contains("image pull failed") && first.getMessage().contains("postgres"),
        first.getMessage());
    assertEquals(first.getMessage(), second.getMessage());
    assertEquals(1, containerStarts.get(), "a broken container is not started again for each test");
  }

  @Test
  void skippedWhenDockerAnswersButNoImageIsKnown() {
    docker = true;
    TestAbortedException e = assertThrows(TestAbortedException.class, () -> backends().find("oracle"));
    assertTrue(e.getMessage().contains("POLYSTORE_TEST_ORACLE_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("no Testcontainers image for 'oracle'"), e.getMessage());
    TestAbortedException noContainer = assertThrows(TestAbortedException.class, () -> backends().find("mysql"));
    assertTrue(noContainer.getMessage().contains("no Testcontainers image for 'mysql'"), noContainer.getMessage());
    assertTrue(noContainer.getMessage().contains("such as jdbc:mysql://127.0.0.1:3306/test"), noContainer.getMessage());
  }

  @Test
  void serversAreRegisteredByTheTestClassPathNotKnownByName() {
    Map<String, TestServer> registered = ServerBackends.registered();
    assertEquals(Set.of("example"), registered.keySet(), "only what the class path registers");
    assertEquals(ExampleTestServer.class, registered.get("example").getClass());
    env.put("POLYSTORE_TEST_EXAMPLE_URL", "jdbc:example://db/test");
    ServerBackend server = new ServerBackends(env::get, props::get, () -> false, registered).find("example");
    assertEquals(new ServerBackend("jdbc:example://db/test", "tester", null), server);
  }

  @Test
  void requireAllTurnsTheSkipIntoAFailureForEveryTest() {
    env.put("POLYSTORE_TEST_REQUIRE", "all");
    ServerBackends backends = backends();
    AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> backends.find("mysql"));
    assertTrue(e.getMessage().contains("POLYSTORE_TEST_MYSQL_URL"), e.getMessage());
    assertTrue(e.getMessage().contains("POLYSTORE_TEST_REQUIRE=all"), e.getMessage());
    assertThrows(AssertionFailedError.class, () -> backends.find("mysql"), "and the next test fails too");
    assertEquals(1, occurrences(notices(), "FAILING: No mysql server"), notices());
  }

  @Test
  void requireAsSystemPropertyAndForNamedBackendsOnly() {
    props.put("polystore.test.require", "postgres, dynamodb");
    assertThrows(AssertionFailedError.class, () -> backends().find("postgres"));
    assertThrows(TestAbortedException.class, () -> backends().find("mysql"), "mysql is not required");
  }

  @Test
  void requireAllLeavesOutContainerOnlyServersUnlessNamed() {
    env.put("POLYSTORE_TEST_REQUIRE", "all");
    TestAbortedException skipped = assertThrows(TestAbortedException.class, () -> backends().find("influxdb3"),
        "all does not cover a server only a container provides");
    assertTrue(notices().contains("SKIPPED: No influxdb3 server"), notices());
    assertTrue(skipped.getMessage().contains("POLYSTORE_TEST_INFLUXDB3_URL"), skipped.getMessage());
    assertThrows(AssertionFailedError.class, () -> backends().find("mysql"), "all still covers the others");
    env.put("POLYSTORE_TEST_REQUIRE", "all,influxdb3");
    assertThrows(AssertionFailedError.class, () -> backends().find("influxdb3"), "named, it is required");
  }

  @Test
  void aConfiguredUrlSatisfiesTheRequirement() {
    env.put("POLYSTORE_TEST_REQUIRE", "all");
    env.put("POLYSTORE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    assertEquals("postgres", backends().find("postgres").username());
  }

  @Test
  void backendNamesAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> backends().find(" "));
    assertThrows(IllegalArgumentException.class, () -> backends().find("post gres"));
    assertThrows(IllegalArgumentException.class, () -> new ServerBackend(" ", null, null));
  }

  @Test
  void toStringMasksPasswords() {
    ServerBackend server = new ServerBackend("jdbc:postgresql://h/db?user=u&password=hunter2", "u", "hunter2");
    assertFalse(server.toString().contains("hunter2"), server.toString());
  }
}
