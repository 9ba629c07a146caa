package dev.vmm.bench.intercept;

import dev.vmm.intercept.ChainPlacement;
import dev.vmm.intercept.InterceptingProxy;
import dev.vmm.intercept.Interceptor;
import dev.vmm.intercept.ModuleSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One message of {@code size} bytes sent through a TCP proxy to a Netty echo backend and read
 * back whole, on one loopback connection per thread. Peers in the same run ({@code proxy}):
 * {@code plain}, the same Netty proxy without the interception handler; {@code inProcess}, the
 * interceptor with a {@code pass} module on guest threads in the host JVM; {@code childJvm}, the
 * same chain in a child JVM over a Unix domain socket. Throughput is messages per second (times
 * {@code size} for bytes); sample time gives p50/p99 latency per round trip, so the added p99 is
 * the difference between a row and its {@code plain} row.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class InterceptProxyBenchmark {

  /** The backend and the proxy under test, shared by the benchmark threads. */
  @State(Scope.Benchmark)
  public static class Proxy {
    /** Which proxy carries the messages. */
    @Param({"plain", "inProcess", "childJvm"})
    public String proxy;

    EchoServer backend;
    InterceptingProxy running;

    /** Starts the backend and the proxy (and, for {@code childJvm}, the child). */
    @Setup(Level.Trial)
    public void start() {
      backend = new EchoServer();
      Interceptor.Builder interceptor = Interceptor.builder().module(ModuleSpec.of("pass"));
      if (proxy.equals("childJvm")) {
        interceptor.placement(ChainPlacement.childJvm());
      }
      InterceptingProxy.Builder builder = InterceptingProxy.builder()
          .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
          .backend(backend.address()).interceptor(interceptor);
      if (proxy.equals("plain")) {
        builder.withoutInterception();
      }
      running = builder.start();
    }

    /** Stops the proxy, its guest and the backend. */
    @TearDown(Level.Trial)
    public void stop() {
      running.close();
      backend.close();
    }
  }

  /** One client connection per benchmark thread. */
  @State(Scope.Thread)
  public static class Connection {
    /** Bytes per message. */
    @Param({"1024", "65536"})
    public int size;

    Socket socket;
    OutputStream out;
    InputStream in;
    byte[] message;
    byte[] answer;

    /** Connects through the proxy. */
    @Setup(Level.Trial)
    public void connect(Proxy proxy) throws IOException {
      socket = new Socket(proxy.running.localAddress().getAddress(),
          proxy.running.localAddress().getPort());
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = socket.getInputStream();
      message = new byte[size];
      Arrays.fill(message, (byte) 'm');
      answer = new byte[size];
    }

    /** Closes the connection. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Sends one message and reads the whole echo. */
  @Benchmark
  public int roundTrip(Connection connection) throws IOException {
    connection.out.write(connection.message);
    int read = connection.in.readNBytes(connection.answer, 0, connection.size);
    if (read != connection.size) {
      throw new IOException("the proxy closed after " + read + " of " + connection.size + " bytes");
    }
    return connection.answer[read - 1];
  }
}
