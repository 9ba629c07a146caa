package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.ModuleSpec;
import dev.vmm.intercept.Transport;
import dev.vmm.intercept.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames between the host and a child-JVM guest, as docs/intercept-protocol.md specifies:
 * {@code u32 length | u8 type | payload}, big-endian, the length counting type and payload.
 * Encoders write the length themselves; {@link #frameDecoder()} strips it.
 */
final class GuestProtocol {
  static final int VERSION = 1;
  /** The largest frame either side accepts: a chunk of up to 16 MiB plus its header. */
  static final int MAX_FRAME = (16 << 20) + 64;

  static final byte HELLO = 0x01;
  static final byte OPEN = 0x02;
  static final byte CHUNK = 0x03;
  static final byte CLOSE = 0x04;
  static final byte PING = 0x05;
  static final byte READY = (byte) 0x81;
  static final byte ANSWER = (byte) 0x83;
  static final byte PONG = (byte) 0x85;

  static final byte PASS = 0;
  static final byte REPLACE = 1;
  static final byte DROP = 2;
  static final byte CLOSE_FLOW = 3;
  static final byte REPLY = 4;
  static final byte MODULE_ERROR = 5;

  private GuestProtocol() {}

  static LengthFieldBasedFrameDecoder frameDecoder() {
    return new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4);
  }

  static ByteBuf hello(ByteBufAllocator alloc, String listener, List<ModuleSpec> chain) {
    ByteBuf out = begin(alloc, HELLO, 256);
    out.writeShort(VERSION);
    writeString(out, listener);
    out.writeShort(chain.size());
    for (ModuleSpec spec : chain) {
      writeString(out, spec.name());
      out.writeShort(spec.options().size());
      for (Map.Entry<String, String> option : spec.options().entrySet()) {
        writeString(out, option.getKey());
        writeString(out, option.getValue());
      }
    }
    return end(out);
  }

  static ByteBuf open(ByteBufAllocator alloc, long requestId, Flow flow) {
    ByteBuf out = begin(alloc, OPEN, 64);
    out.writeLong(requestId);
    out.writeLong(flow.id());
    out.writeByte(flow.transport().ordinal());
    writeAddress(out, flow.local());
    writeAddress(out, flow.remote());
    return end(out);
  }

  /**
   * Frames a chunk without copying it: the frame is a composite of its header and {@code data},
   * and takes over the caller's reference to {@code data}.
   */
  static ByteBuf chunk(ByteBufAllocator alloc, long requestId, long flowId, ByteBuf data) {
    ByteBuf header = begin(alloc, CHUNK, 16);
    header.writeLong(requestId);
    header.writeLong(flowId);
    header.setInt(0, header.readableBytes() - 4 + data.readableBytes());
    return alloc.compositeBuffer(2).addComponents(true, header, data);
  }

  static ByteBuf close(ByteBufAllocator alloc, long flowId) {
    return end(begin(alloc, CLOSE, 8).writeLong(flowId));
  }

  static ByteBuf ping(ByteBufAllocator alloc, long nonce) {
    return end(begin(alloc, PING, 8).writeLong(nonce));
  }

  static ByteBuf pong(ByteBufAllocator alloc, long nonce) {
    return end(begin(alloc, PONG, 8).writeLong(nonce));
  }

  static ByteBuf ready(ByteBufAllocator alloc, long pid) {
    ByteBuf out = begin(alloc, READY, 10);
    out.writeShort(VERSION);
    out.writeLong(pid);
    return end(out);
  }

  static ByteBuf answer(ByteBufAllocator alloc, long requestId, Verdict verdict,
      RuntimeException failure) {
    byte[] payload = switch (verdict) {
      case null -> String.valueOf(failure.getMessage()).getBytes(StandardCharsets.UTF_8);
      case Verdict.Replace replace -> replace.bytes();
      case Verdict.Reply reply -> reply.bytes();
      case Verdict.Pass pass -> new byte[0];
      case Verdict.Drop drop -> new byte[0];
      case Verdict.Close close -> new byte[0];
    };
    byte kind = switch (verdict) {
      case null -> MODULE_ERROR;
      case Verdict.Pass pass -> PASS;
      case Verdict.Replace replace -> REPLACE;
      case Verdict.Drop drop -> DROP;
      case Verdict.Close close -> CLOSE_FLOW;
      case Verdict.Reply reply -> REPLY;
    };
    ByteBuf out = begin(alloc, ANSWER, 9 + payload.length);
    out.writeLong(requestId);
    out.writeByte(kind);
    out.writeBytes(payload);
    return end(out);
  }

  /** Reads an answer's verdict after its request id; null for a module error. */
  static Verdict readVerdict(byte kind, ByteBuf in) {
    return switch (kind) {
      case PASS -> Verdict.pass();
      case REPLACE -> new Verdict.Replace(readRest(in));
      case DROP -> Verdict.drop();
      case CLOSE_FLOW -> Verdict.close();
      case REPLY -> new Verdict.Reply(readRest(in));
      case MODULE_ERROR -> null;
      default -> throw new ProtocolException("unknown answer kind " + kind);
    };
  }

  static Flow readFlow(ByteBuf in, String listener) {
    long flowId = in.readLong();
    int transport = in.readUnsignedByte();
    if (transport >= Transport.values().length) {
      throw new ProtocolException("unknown transport " + transport + " for flow " + flowId);
    }
    InetSocketAddress local = readAddress(in);
    InetSocketAddress remote = readAddress(in);
    return new Flow(flowId, listener, Transport.values()[transport], local, remote);
  }

  static List<ModuleSpec> readChain(ByteBuf in) {
    int count = in.readUnsignedShort();
    List<ModuleSpec> chain = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = readString(in);
      int options = in.readUnsignedShort();
      Map<String, String> map = new LinkedHashMap<>();
      for (int j = 0; j < options; j++) {
        map.put(readString(in), readString(in));
      }
      chain.add(ModuleSpec.of(name, map));
    }
    return chain;
  }

  static byte[] readRest(ByteBuf in) {
    byte[] bytes = new byte[in.readableBytes()];
    in.readBytes(bytes);
    return bytes;
  }

  static String readString(ByteBuf in) {
    int length = in.readInt();
    if (length < 0 || length > in.readableBytes()) {
      throw new ProtocolException("string length " + length + " exceeds the frame's "
          + in.readableBytes() + " remaining bytes");
    }
    return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
  }

  private static void writeString(ByteBuf out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.writeBytes(bytes);
  }

  private static void writeAddress(ByteBuf out, InetSocketAddress address) {
    byte[] ip = address.getAddress().getAddress();
    out.writeByte(ip.length);
    out.writeBytes(ip);
    out.writeShort(address.getPort());
  }

  private static InetSocketAddress readAddress(ByteBuf in) {
    int length = in.readUnsignedByte();
    if (length != 4 && length != 16) {
      throw new ProtocolException("address length must be 4 or 16, was " + length);
    }
    byte[] ip = new byte[length];
    in.readBytes(ip);
    try {
      return new InetSocketAddress(InetAddress.getByAddress(ip), in.readUnsignedShort());
    } catch (UnknownHostException e) {
      throw new ProtocolException("bad address: " + e.getMessage());
    }
  }

  private static ByteBuf begin(ByteBufAllocator alloc, byte type, int payloadHint) {
    ByteBuf out = alloc.buffer(5 + payloadHint);
    out.writeInt(0);
    out.writeByte(type);
    return out;
  }

  private static ByteBuf end(ByteBuf out) {
    out.setInt(0, out.readableBytes() - 4);
    return out;
  }
}
