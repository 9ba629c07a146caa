package dev.vmm.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmm.memory.AccessKind;
import dev.vmm.memory.Allocation;
import dev.vmm.memory.CheckMode;
import dev.vmm.memory.Violation;
import dev.vmm.memory.ViolationKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The classic heap bugs of {@code heapbugs.c} (static glibc, -O2), each caught with the right kind
 * and the right sites. The expected {@code function+0xoffset} values are read off
 * {@code riscv64-linux-gnu-objdump -d heapbugs}: the faulting instruction, and the return
 * address of the {@code jal} to malloc, calloc, realloc or free ({@link CallSites} checks that each
 * site really follows such a call in the committed binary).
 */
class HeapBugsTest {
  static final Path HEAPBUGS = RiscvProgramsTest.PROGRAMS.resolve("heapbugs");
  static final String ALLOCATED = "allocate_ints+0xe"; // 10798: jal __libc_malloc
  static final String FREED = "release+0x8"; // 107d8: jal __free

  record Run(ProcessResult result, String stdout) {
    Violation violation() {
      assertThat(result.violations()).hasSize(1);
      return result.violations().getFirst().violation();
    }

    String pc() {
      return result.symbols().describe(result.violations().getFirst().pc());
    }

    String site(long address) {
      return result.symbols().describe(address);
    }
  }

  static Run run(String bug, LinuxProcess.AfterViolation after, CheckMode mode) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProcessResult result = LinuxProcess.builder(HEAPBUGS).argv(List.of("heapbugs", bug))
        .stdout(out).afterViolation(after).checkMode(mode).tagSeed(1).build().run();
    return new Run(result, out.toString(StandardCharsets.UTF_8));
  }

  static Run run(String bug) throws Exception {
    return run(bug, LinuxProcess.AfterViolation.HALT, CheckMode.CHECKED);
  }

  /**
   * Halting on a violation: exit code 1, and what was printed before is what qemu printed, where
   * the bug went unnoticed natively; glibc's own malloc catches the bad frees and aborts (134),
   * losing its buffered output.
   */
  static void assertHaltedLikeAsan(String bug, Run run) throws Exception {
    assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.MEMORY_VIOLATION);
    assertThat(run.result().exitCode()).isEqualTo(1);
    assertThat(run.stdout()).isEqualTo("running " + bug + "\n");
    Path recorded = RiscvProgramsTest.PROGRAMS.resolve("heapbugs-" + bug + ".out");
    int qemuExit = Integer.parseInt(Files.readString(
        RiscvProgramsTest.PROGRAMS.resolve("heapbugs-" + bug + ".exit")).strip());
    if (qemuExit == 0) { // write-freed's 5 bytes of freed memory come first: stdout is buffered
      assertThat(Files.readString(recorded, StandardCharsets.ISO_8859_1))
          .as("qemu's output of the same run, unchecked")
          .contains(run.stdout()).endsWith("survived " + bug + "\n");
    } else {
      assertThat(qemuExit).as("glibc's malloc aborted under qemu").isEqualTo(134);
    }
  }

  @Nested
  class CaughtOnTheAccess {
    @Test
    void useAfterFree() throws Exception {
      Run run = run("use-after-free");

      assertHaltedLikeAsan("use-after-free", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(v.access()).isEqualTo(AccessKind.READ);
      assertThat(v.size()).isEqualTo(4);
      assertThat(v.offset()).isEqualTo(8);
      assertThat(run.pc()).isEqualTo("use_after_free+0x12"); // 107fe: lw a0,8(s0)
      assertThat(v.allocation().state()).isEqualTo(Allocation.State.QUARANTINED);
      assertThat(run.site(v.allocation().allocationSite())).isEqualTo(ALLOCATED);
      assertThat(run.site(v.allocation().freeSite())).isEqualTo(FREED);
    }

    @Test
    void overflowOnePastTheEnd() throws Exception {
      Run run = run("overflow");

      assertHaltedLikeAsan("overflow", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(v.access()).isEqualTo(AccessKind.WRITE);
      assertThat(v.offset()).isEqualTo(40);
      assertThat(v.allocation().size()).isEqualTo(40);
      assertThat(run.pc()).isEqualTo("overflow_one_past_the_end+0xe"); // 10816: sw a5,40(a0)
      assertThat(run.site(v.allocation().allocationSite())).isEqualTo(ALLOCATED);
    }

    @Test
    void underflowBeforeTheStart() throws Exception {
      Run run = run("underflow");

      assertHaltedLikeAsan("underflow", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_BUFFER_UNDERFLOW);
      assertThat(v.access()).isEqualTo(AccessKind.READ);
      assertThat(v.offset()).isEqualTo(-4);
      assertThat(run.pc()).isEqualTo("underflow_before_the_start+0xc"); // 1082e: lw s0,-4(a0)
      assertThat(run.site(v.allocation().allocationSite())).isEqualTo(ALLOCATED);
    }

    @Test
    void useAfterReallocMovedTheBlock() throws Exception {
      Run run = run("use-after-realloc");

      assertHaltedLikeAsan("use-after-realloc", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(v.offset()).isEqualTo(4);
      assertThat(run.pc()).isEqualTo("use_after_realloc+0x24"); // 1089a: lw s0,4(s0)
      assertThat(run.site(v.allocation().allocationSite())).isEqualTo(ALLOCATED);
      // 10896: jal __libc_realloc; the moved block was freed by that call
      assertThat(run.site(v.allocation().freeSite())).isEqualTo("use_after_realloc+0x24");
    }

    @Test
    void overflowInsideAStructArray() throws Exception {
      Run run = run("struct-array");

      assertHaltedLikeAsan("struct-array", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_BUFFER_OVERFLOW);
      assertThat(v.access()).isEqualTo(AccessKind.WRITE);
      assertThat(v.allocation().size()).as("5 records of 16 bytes").isEqualTo(80);
      assertThat(v.offset()).as("record 5's id").isEqualTo(80);
      assertThat(run.pc()).isEqualTo("overflow_in_struct_array+0x2a"); // 108e0: sw a4,-4(a5)
      assertThat(run.site(v.allocation().allocationSite()))
          .isEqualTo("allocate_records+0xa"); // 107c2: jal __calloc
    }
  }

  @Nested
  class BadFrees {
    @Test
    void doubleFreeNamesFreeAndItsCaller() throws Exception {
      Run run = run("double-free");

      assertHaltedLikeAsan("double-free", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.DOUBLE_FREE);
      assertThat(v.access()).isEqualTo(AccessKind.FREE);
      assertThat(run.result().violations().getFirst().pc())
          .isEqualTo(run.result().symbols().byName("free").orElseThrow().address());
      assertThat(run.site(v.site())).isEqualTo(FREED);
      assertThat(run.site(v.allocation().freeSite())).isEqualTo(FREED);
      assertThat(run.site(v.allocation().allocationSite())).isEqualTo(ALLOCATED);
    }

    @Test
    void invalidFreeOfAnInteriorPointer() throws Exception {
      Run run = run("invalid-free");

      assertHaltedLikeAsan("invalid-free", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.INVALID_FREE);
      assertThat(v.offset()).isEqualTo(4);
      assertThat(run.site(v.site())).isEqualTo(FREED);
      assertThat(v.allocation().state()).isEqualTo(Allocation.State.LIVE);
    }
  }

  @Nested
  class Leaks {
    @Test
    void aBlockNothingPointsToAtExitIsReportedWithItsSite() throws Exception {
      Run run = run("leak");

      assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(run.result().exitCode()).isZero();
      assertThat(run.stdout()).isEqualTo(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve("heapbugs-leak.out")));
      assertThat(run.result().violations()).isEmpty();
      assertThat(run.result().leaks().allocations()).singleElement().satisfies(a -> {
        assertThat(a.size()).isEqualTo(100);
        assertThat(run.site(a.allocationSite())).isEqualTo("leak+0xe"); // 10914: jal malloc
      });
      assertThat(run.result().report())
          .contains("ERROR: LeakSanitizer: detected memory leaks")
          .contains("Direct leak of 100 byte(s)")
          .contains("allocated at leak+0xe (0x10918)");
    }
  }

  @Nested
  class Reports {
    @Test
    void aUseAfterFreeReadsLikeAddressSanitizers() throws Exception {
      String report = run("use-after-free").result().report();

      assertThat(report.lines().toList()).satisfies(lines -> {
        assertThat(lines.get(0)).startsWith(
            "==vmm== ERROR: AddressSanitizer: heap-use-after-free (HEAP_USE_AFTER_FREE) on address")
            .endsWith("at pc use_after_free+0x12 (0x107fe)");
        assertThat(lines.get(1)).startsWith("READ of size 4 at ");
        assertThat(lines.get(2)).isEqualTo("    #0 use_after_free+0x12 (0x107fe)");
        assertThat(lines.get(3)).contains("is located 8 bytes inside of the 32-byte region")
            .endsWith("quarantined");
        assertThat(lines.get(4)).isEqualTo("freed at release+0x8 (0x107dc)");
        assertThat(lines.get(5)).isEqualTo("previously allocated at allocate_ints+0xe (0x1079c)");
        assertThat(lines.get(6)).isEqualTo(
            "SUMMARY: AddressSanitizer: heap-use-after-free in use_after_free+0x12");
      });
    }

    @Test
    void aDoubleFreeNamesTheFreeingCallAsFrameOne() throws Exception {
      String report = run("double-free").result().report();

      assertThat(report).contains("attempting double-free (DOUBLE_FREE)")
          .contains("FREE of pointer 0x").contains("called from release+0x8 (0x107dc)")
          .contains("    #1 release+0x8 (0x107dc)");
    }

    @Test
    void anOverflowSaysHowFarPastTheEnd() throws Exception {
      assertThat(run("overflow").result().report())
          .contains("is located 0 bytes after the end of the 40-byte region");
      assertThat(run("underflow").result().report())
          .contains("is located 4 bytes before the 40-byte region");
    }
  }

  @Nested
  class ContinuingAfterAReport {
    @ParameterizedTest
    @CsvSource({"use-after-free, HEAP_USE_AFTER_FREE", "overflow, HEAP_BUFFER_OVERFLOW",
        "double-free, DOUBLE_FREE", "invalid-free, INVALID_FREE"})
    void theProgramRunsToItsEndWithTheReportKept(String bug, ViolationKind kind) throws Exception {
      Run run = run(bug, LinuxProcess.AfterViolation.CONTINUE, CheckMode.CHECKED);

      assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(run.result().exitCode()).isZero();
      assertThat(run.stdout()).isEqualTo("running " + bug + "\nsurvived " + bug + "\n");
      assertThat(run.violation().kind()).isEqualTo(kind);
    }
  }

  @Nested
  class UncheckedMode {
    @Test
    void accessesAreNotCheckedAndTheRunMatchesQemu() throws Exception {
      Run run = run("use-after-free", LinuxProcess.AfterViolation.HALT, CheckMode.UNCHECKED);

      assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(run.stdout()).isEqualTo(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve("heapbugs-use-after-free.out")));
    }

    @Test
    void freesAreStillChecked() throws Exception {
      Run run = run("double-free", LinuxProcess.AfterViolation.HALT, CheckMode.UNCHECKED);

      assertThat(run.violation().kind()).isEqualTo(ViolationKind.DOUBLE_FREE);
    }
  }

  @Nested
  class SystemCallPointers {
    @Test
    void aWriteOfAFreedBufferStopsAtTheEcall() throws Exception {
      Run run = run("write-freed");

      assertHaltedLikeAsan("write-freed", run);
      Violation v = run.violation();
      assertThat(v.kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
      assertThat(v.access()).isEqualTo(AccessKind.READ);
      long write = run.result().symbols().byName("write").orElseThrow().address();
      assertThat(run.result().violations().getFirst().pc())
          .as("__libc_write+0x14: ecall").isEqualTo(write + 0x14);
      assertThat(run.site(v.allocation().freeSite())).isEqualTo(FREED);
    }

    @Test
    void continuingTheCallFailsWithEfault() throws Exception {
      Run run = run("write-freed", LinuxProcess.AfterViolation.CONTINUE, CheckMode.CHECKED);

      assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.EXITED);
      assertThat(run.stdout()).as("nothing of the freed text was written")
          .isEqualTo("running write-freed\nsurvived write-freed\n");
      assertThat(run.violation().kind()).isEqualTo(ViolationKind.HEAP_USE_AFTER_FREE);
    }
  }

  @Nested
  class JumpToUnmappedMemory {
    @Test
    void stopsWithASegvNamingThePc() throws Exception {
      Run run = run("jump-unmapped");

      assertThat(run.result().outcome()).isEqualTo(ProcessResult.Outcome.FAULT);
      assertThat(run.result().exitCode()).isEqualTo(139).isEqualTo(Integer.parseInt(
          Files.readString(RiscvProgramsTest.PROGRAMS.resolve("heapbugs-jump-unmapped.exit"))
              .strip()));
      assertThat(run.result().stop().pc()).isEqualTo(0x1_0000_0000L);
      assertThat(run.result().report())
          .contains("ERROR: AddressSanitizer: SEGV at pc 0x100000000")
          .contains("instruction fetch at 0x100000000 from unmapped memory");
    }
  }

  /** The expected sites are return addresses of calls to the allocator in the committed binary. */
  @Nested
  class CallSites {
    @ParameterizedTest
    @CsvSource({"allocate_ints+0xe, malloc", "allocate_records+0xa, calloc",
        "release+0x8, free", "use_after_realloc+0x24, realloc", "leak+0xe, malloc"})
    void followAJalToTheFunction(String site, String function) throws Exception {
      ElfImage image = ElfImage.parse(Files.readAllBytes(HEAPBUGS));
      SymbolTable symbols = image.symbols();
      String[] parts = site.split("\\+0x");
      long returnAddress = symbols.byName(parts[0]).orElseThrow().address()
          + Long.parseLong(parts[1], 16);

      int jal = instructionAt(image, returnAddress - 4);

      assertThat(jal & 0xFFF).as("jal ra").isEqualTo(0x0EF);
      assertThat(returnAddress - 4 + jalOffset(jal))
          .isEqualTo(symbols.byName(function).orElseThrow().address());
    }

    static int instructionAt(ElfImage image, long address) throws Exception {
      byte[] file = Files.readAllBytes(HEAPBUGS);
      ElfImage.Segment text = image.segments().getFirst();
      int offset = (int) (text.fileOffset() + address - text.virtualAddress());
      return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    static long jalOffset(int jal) {
      int imm = (jal >>> 31) << 20 | (jal >>> 21 & 0x3FF) << 1 | (jal >>> 20 & 1) << 11
          | (jal >>> 12 & 0xFF) << 12;
      return (long) imm << 43 >> 43;
    }
  }
}
