package dev.vmm.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.intercept.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

/** The leak check itself: a buffer dropped without release is reported. */
class LeakCheckTest {
  @Test
  void aBufferDroppedWithoutReleaseIsReported() throws InterruptedException {
    leakOne();

    assertThat(LeakCheck.collectLeaks()).anySatisfy(report -> assertThat(report).contains("leak"));
  }

  private static void leakOne() {
    ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(16);
    buffer.writeInt(1);
  }
}
