package dev.vmm.riscv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpTest {
  @Test
  void everyOperationHasItsOwnMnemonicAndFitsThePackedByte() {
    Set<String> seen = new HashSet<>();
    for (int op = 0; op < Op.COUNT; op++) {
      assertThat(seen.add(Op.mnemonic(op))).as("op %d: %s", op, Op.mnemonic(op)).isTrue();
    }
    assertThat(Op.COUNT).isLessThanOrEqualTo(256);
    assertThat(Op.mnemonic(Op.FCVT_W_S)).isEqualTo("fcvt.w.s");
    assertThat(Op.mnemonic(Op.AMOMAXU_D)).isEqualTo("amomaxu.d");
  }

  @Test
  void packedFieldsRoundTrip() {
    long packed = Packed.pack(Op.FMADD_D, 31, 30, 29, 28, true, -2048);

    int word = Packed.word(packed);
    assertThat(Packed.op(word)).isEqualTo(Op.FMADD_D);
    assertThat(Packed.rd(word)).isEqualTo(31);
    assertThat(Packed.rs1(word)).isEqualTo(30);
    assertThat(Packed.rs2(word)).isEqualTo(29);
    assertThat(Packed.rs3(word)).isEqualTo(28);
    assertThat(Packed.length(word)).isEqualTo(2);
    assertThat(Packed.imm(packed)).isEqualTo(-2048);
    assertThat(Packed.rd(Packed.word(Packed.pack(Op.ADD, Packed.SINK, 0, 0, 0, false, 0))))
        .isEqualTo(Packed.SINK);
  }
}
