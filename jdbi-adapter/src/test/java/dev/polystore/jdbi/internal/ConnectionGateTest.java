package dev.polystore.jdbi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.jdbi.JdbiStoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's connections are lent in arrival order, each turn given back once, over a real pool (SQLite file). */
class ConnectionGateTest {

  @TempDir
  Path dir;

  private JdbiDataSources.OwnedDataSource pool;

  private ConnectionGate gate(int size, Duration timeout) {
    pool = JdbiDataSources.open("jdbc:sqlite:" + dir.resolve("gate.db"), SqlDialect.SQLITE,
        JdbiStoreOptions.builder().poolMaxSize(size).poolMinIdle(0).poolConnectionTimeout(timeout).build());
    return (ConnectionGate) pool.gated(pool.dataSource());
  }

  @AfterEach
  void closePool() {
    if (pool != null) {
      pool.close();
    }
  }

  @Test
  void waitingCallersGetConnectionsInTheOrderTheyCame() throws Exception {
    ConnectionGate gate = gate(1, Duration.ofSeconds(30));
    Connection held = gate.openConnection();
    List<Integer> served = Collections.synchronizedList(new ArrayList<>());
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int caller = i;
      Thread thread = new Thread(() -> {
        try {
          Connection c = gate.openConnection();
          served.add(caller);
          gate.closeConnection(c);
        } catch (SQLException e) {
          served.add(-1);
        }
      });
      thread.start();
      callers.add(thread);
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (gate.waiting() < i + 1 && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      assertEquals(i + 1, gate.waiting(), "caller " + i + " waits behind the others");
    }
    gate.closeConnection(held);
    for (Thread thread : callers) {
      thread.join(10_000);
    }
    assertEquals(List.of(0, 1, 2, 3, 4), served);
    assertEquals(1, gate.free());
  }

  @Test
  void aCallerThatWaitedTheTimeoutGetsThePoolsBusyErrorWithItsCounts() throws Exception {
    ConnectionGate gate = gate(1, Duration.ofMillis(250));
    Connection held = gate.openConnection();
    try {
      SQLException busy = assertThrows(SQLException.class, gate::openConnection);
      assertInstanceOf(JdbiDataSources.NoFreeConnection.class, busy);
      assertTrue(busy.getMessage().contains("pool.connection.timeout (250ms)")
          && busy.getMessage().contains("1 of at most 1 connections in use"), busy.getMessage());
    } finally {
      gate.closeConnection(held);
    }
    assertEquals(1, gate.free());
  }

  @Test
  void aConnectionClosedTwiceGivesItsTurnBackOnce() throws Exception {
    ConnectionGate gate = gate(2, Duration.ofSeconds(30));
    Connection c = gate.openConnection();
    gate.closeConnection(c);
    gate.closeConnection(c);
    assertEquals(2, gate.free(), "not 3");
  }

  @Test
  void aConnectionThePoolCouldNotLendGivesItsTurnBack() {
    ConnectionGate gate = gate(1, Duration.ofSeconds(30));
    pool.close();
    assertThrows(SQLException.class, gate::openConnection);
    assertEquals(1, gate.free());
  }
}
