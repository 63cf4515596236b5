package dev.polystore.jdbi.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;
import java.sql.Connection;

/**
 * Internal: closes the socket of a MariaDB Connector/J connection, which that driver offers no public way to do
 * while another thread is blocked on it ({@code Connection.abort} waits for the blocked thread). Found by reflection
 * ({@code org.mariadb.jdbc.Connection#getClient()}, then the client's {@code socket} field), so nothing here depends
 * on the driver at compile time; any other connection, or a driver version without these members, is left alone.
 * Thread-safe (stateless).
 */
final class MariaDbSockets {

  private static final String CONNECTION_CLASS = "org.mariadb.jdbc.Connection";

  private MariaDbSockets() {
  }

  /** Closes {@code connection}'s socket if it is a MariaDB Connector/J connection; does nothing otherwise. */
  static void close(Connection connection) {
    if (!CONNECTION_CLASS.equals(connection.getClass().getName())) {
      return;
    }
    try {
      Method getClient = connection.getClass().getMethod("getClient");
      Object client = getClient.invoke(connection);
      Socket socket = socketOf(client);
      if (socket != null) {
        socket.close();
      }
    } catch (ReflectiveOperationException | RuntimeException | IOException e) {
      // not this driver's layout: its own abort is all there is
    }
  }

  private static Socket socketOf(Object client) throws IllegalAccessException {
    for (Class<?> type = client.getClass(); type != null; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getName().equals("socket") && Socket.class.isAssignableFrom(field.getType())) {
          field.setAccessible(true);
          return (Socket) field.get(client);
        }
      }
    }
    return null;
  }
}
