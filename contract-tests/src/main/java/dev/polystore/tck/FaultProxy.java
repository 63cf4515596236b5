package dev.polystore.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on loopback that puts real network faults between a client and a real server, whatever the protocol:
 * it forwards bytes both ways until told to misbehave.
 *
 * <ul>
 *   <li>{@link #loseReplyTo(String)}: once the client sends bytes containing a text (for example a statement or
 *       {@code COMMIT}), they are forwarded; the server's reply to them is swallowed and the connection is closed on
 *       both sides as soon as that reply arrives — so the server did the work, and the client never hears of it.
 *   <li>{@link #freeze()}: stops reading from both sides, as a server frozen with {@code SIGSTOP} does: the
 *       client's writes block once the socket buffers are full and its reads get nothing, until {@link #thaw()}.
 * </ul>
 *
 * <p>Listens on an ephemeral port of 127.0.0.1 and connects to the target given. Two threads per connection; all
 * are daemons and end when {@link #close()} closes the sockets. Thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

  private static final int BUFFER = 16 * 1024;

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicReference<String> loseReplyTo = new AtomicReference<>();
  private final AtomicInteger repliesLost = new AtomicInteger();
  /** Whether new connections are closed at once (a server that went away), and whether a lost reply sets it. */
  private volatile boolean refusing;
  private volatile boolean refuseAfterLostReply;
  private final Object freezeLock = new Object();
  private boolean frozen;
  private volatile boolean closed;

  private FaultProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /** Starts a proxy to {@code host:port}, forwarding faithfully until told otherwise. */
  public static FaultProxy start(String host, int port) {
    try {
      ServerSocket listener = new ServerSocket();
      // Small buffers towards the client, so that a frozen proxy blocks a client's writes after little data.
      listener.setReceiveBufferSize(64 * 1024);
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      FaultProxy proxy = new FaultProxy(listener, new InetSocketAddress(host, port));
      Thread acceptor = new Thread(proxy::accept, "fault-proxy-accept-" + listener.getLocalPort());
      acceptor.setDaemon(true);
      acceptor.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fault proxy", e);
    }
  }

  /** The port the proxy listens on (on 127.0.0.1). */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * {@code url} with its first {@code //host:port} (or {@code //host}) authority replaced by the proxy's, so a
   * JDBC or HTTP URL of the target goes through the proxy.
   */
  public String route(String url) {
    return url.replaceFirst("//[^/?;]+", "//127.0.0.1:" + port());
  }

  /**
   * Arms a lost reply, once: the next time a client sends bytes containing {@code text} as a word (ASCII, ignoring
   * case; see {@link #containsWord}),
   * they reach the server, and the server's reply is swallowed and that connection closed on both sides as soon as
   * the reply starts to arrive.
   */
  public void loseReplyTo(String text) {
    loseReplyTo.set(text.toLowerCase(Locale.ROOT));
  }

  /**
   * Like {@link #loseReplyTo(String)}, and then, as if the server had gone away right after it replied, every
   * connection the proxy holds is closed and every new one is closed at once: a client can neither reconnect nor
   * use another pooled connection to find out what happened until {@link #acceptConnections()}.
   */
  public void loseReplyToAndGoAway(String text) {
    refuseAfterLostReply = true;
    loseReplyTo(text);
  }

  /** Accepts connections again after {@link #loseReplyToAndGoAway}. */
  public void acceptConnections() {
    refuseAfterLostReply = false;
    refusing = false;
  }

  /** Disarms {@link #loseReplyTo} if it has not fired. */
  public void disarm() {
    loseReplyTo.set(null);
  }

  /** How many replies were swallowed so far. */
  public int repliesLost() {
    return repliesLost.get();
  }

  /** Stops forwarding in both directions, without reading, until {@link #thaw()}. */
  public void freeze() {
    synchronized (freezeLock) {
      frozen = true;
    }
  }

  /** Forwards again after {@link #freeze()}. */
  public void thaw() {
    synchronized (freezeLock) {
      frozen = false;
      freezeLock.notifyAll();
    }
  }

  /** Closes every connection the proxy holds, as a network drop would; the proxy keeps accepting new ones. */
  public void dropConnections() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }

  /**
   * Resets every connection the proxy holds (a TCP reset, not an orderly close), as a crashed server or a middlebox
   * dropping the connection would: the client's reads fail at once, even of what had already arrived and was not
   * yet read. The proxy keeps accepting new connections.
   */
  public void resetConnections() {
    for (Socket socket : sockets) {
      try {
        socket.setSoLinger(true, 0);
      } catch (IOException e) {
        // closing it is what matters
      }
      closeQuietly(socket);
    }
  }

  @Override
  public void close() {
    closed = true;
    thaw();
    closeQuietly(listener);
    dropConnections();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        Socket server = new Socket();
        try {
          server.connect(target, 5_000);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(server);
        Connection connection = new Connection(client, server);
        start(() -> connection.pump(true), "fault-proxy-up-" + port());
        start(() -> connection.pump(false), "fault-proxy-down-" + port());
      } catch (IOException e) {
        if (!closed) {
          continue;
        }
        return;
      }
    }
  }

  private static void start(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void awaitThaw() throws InterruptedException {
    synchronized (freezeLock) {
      while (frozen && !closed) {
        freezeLock.wait();
      }
    }
  }

  /** One client connection and its server connection. */
  private final class Connection {
    private final Socket client;
    private final Socket server;
    /** Set once the client sent the armed text: the server's next bytes are swallowed and both sides closed. */
    private volatile boolean swallowReply;
    /** The last bytes the client sent, lowercased, so that a text split across two reads is still found. */
    private String recent = "";

    Connection(Socket client, Socket server) {
      this.client = client;
      this.server = server;
    }

    void pump(boolean upstream) {
      byte[] buffer = new byte[BUFFER];
      try (InputStream in = (upstream ? client : server).getInputStream();
           OutputStream out = (upstream ? server : client).getOutputStream()) {
        while (true) {
          awaitThaw();
          int n = in.read(buffer);
          if (n < 0) {
            break;
          }
          awaitThaw();
          if (upstream) {
            watchFor(buffer, n);
          } else if (swallowReply) {
            if (refuseAfterLostReply) {
              refusing = true;
              dropConnections();
            }
            repliesLost.incrementAndGet();
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the other side closed, or the proxy did
      } finally {
        closeQuietly(client);
        closeQuietly(server);
        sockets.remove(client);
        sockets.remove(server);
      }
    }

    private void watchFor(byte[] buffer, int n) {
      String armed = loseReplyTo.get();
      if (armed == null) {
        recent = "";
        return;
      }
      String text = recent + new String(buffer, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (containsWord(text, armed) && loseReplyTo.compareAndSet(armed, null)) {
        swallowReply = true;
        recent = "";
      } else {
        recent = text.substring(Math.max(0, text.length() - armed.length() - 1));
      }
    }
  }

  /**
   * Whether {@code text} holds {@code word} with no letter, digit or underscore right before or after it, so that
   * {@code commit} is found in {@code COMMIT} but not in {@code SET autocommit=0}.
   */
  static boolean containsWord(String text, String word) {
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      int end = i + word.length();
      if ((i == 0 || !isWordChar(text.charAt(i - 1))) && (end == text.length() || !isWordChar(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
  }

  @Override
  public String toString() {
    return "FaultProxy{127.0.0.1:" + port() + " -> " + target + '}';
  }
}
