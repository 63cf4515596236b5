package dev.polystore.dynamodb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of an endpoint that can fall silent, as a frozen server does: after
 * {@link #silence()} it keeps accepting connections and reading what the client sends, but forwards nothing and
 * answers nothing, on new and open connections alike. Thread-safe; {@link #close()} stops it.
 */
final class SilentProxy implements AutoCloseable {

  private final ServerSocket server;
  private final URI target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean silent;

  SilentProxy(URI target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("silent-proxy-accept", this::accept);
  }

  /** The endpoint to give the client instead of the target's. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** From now on, read everything and answer nothing. */
  void silence() {
    silent = true;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Socket upstream = silent ? null : new Socket(target.getHost(), target.getPort());
        if (upstream != null) {
          sockets.add(upstream);
          daemon("silent-proxy-down", () -> pump(upstream, client));
        }
        daemon("silent-proxy-up", () -> pump(client, upstream));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Copies {@code from} to {@code to} while not silent; reads and drops the bytes once silent. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to == null ? null : to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (!silent && out != null) {
          out.write(buffer, 0, n);
          out.flush();
        }
      }
    } catch (IOException e) {
      // a side closed the connection
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
