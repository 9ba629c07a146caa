package dev.vmm.intercept.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A blocking loopback TCP client for tests. */
public final class Client implements AutoCloseable {
  private final Socket socket;

  public Client(InetSocketAddress address) throws IOException {
    socket = new Socket(address.getAddress(), address.getPort());
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(30_000);
  }

  public void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** Reads exactly {@code n} bytes. */
  public String read(int n) throws IOException {
    byte[] bytes = socket.getInputStream().readNBytes(n);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Whether the proxy closed the connection (end of stream or a reset). */
  public boolean closedByPeer() throws IOException {
    InputStream in = socket.getInputStream();
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
