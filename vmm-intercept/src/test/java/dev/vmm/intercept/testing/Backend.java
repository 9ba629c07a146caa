package dev.vmm.intercept.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP backend on plain JDK sockets: records what each connection sent and, if asked,
 * echoes it back. One thread per connection, all named {@code test-backend-*} and stopped by
 * {@link #close()}.
 */
public final class Backend implements AutoCloseable {
  private final ServerSocket server;
  private final boolean echo;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** What one connection has sent so far. */
  public static final class Connection {
    final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile boolean ended;

    Connection(Socket socket) {
      this.socket = socket;
    }

    /** The bytes received so far. */
    public byte[] received() {
      synchronized (received) {
        return received.toByteArray();
      }
    }

    /** Whether the client side closed. */
    public boolean ended() {
      return ended;
    }
  }

  public Backend(boolean echo) throws IOException {
    this.echo = echo;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "test-backend-accept");
    acceptor.start();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public List<Connection> connections() {
    return connections;
  }

  private void accept() {
    try {
      while (true) {
        Socket socket = server.accept();
        Connection connection = new Connection(socket);
        connections.add(connection);
        Thread reader = new Thread(() -> serve(connection), "test-backend-conn");
        reader.start();
      }
    } catch (IOException e) {
      // Closed by close(): stop accepting.
    }
  }

  private void serve(Connection connection) {
    byte[] buffer = new byte[65536];
    try (Socket socket = connection.socket; InputStream in = socket.getInputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (connection.received) {
          connection.received.write(buffer, 0, n);
        }
        if (echo) {
          socket.getOutputStream().write(buffer, 0, n);
        }
      }
    } catch (IOException e) {
      // The connection was reset or closed by close(): it has ended either way.
    } finally {
      connection.ended = true;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Connection connection : connections) {
      connection.socket.close();
    }
  }
}
