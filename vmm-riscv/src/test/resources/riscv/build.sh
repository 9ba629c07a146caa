#!/usr/bin/env bash
# Rebuilds the freestanding RISC-V test programs and records what qemu-riscv64 says they do.
# Needs the Debian cross tools: apt-get install gcc-riscv64-linux-gnu qemu-user.
# The built binaries and the recorded .out/.exit files are committed, because CI has no cross
# tools: RiscvProgramsTest runs the binaries on the interpreter and compares with the recordings.
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-riscv64-linux-gnu-gcc}
QEMU=${QEMU:-qemu-riscv64}
FLAGS=(-nostdlib -ffreestanding -static -O2 -mabi=lp64 -fno-builtin -Wall -Wextra -Werror)

build() { # name march
  "$CC" "${FLAGS[@]}" -march="$2" -o "$1" "${1%-*}.c"
}

# Compressed code (rv64imac) for every program; sieve also without C, so both decoders run it.
build intops-rv64imac rv64imac
build muldiv-rv64imac rv64imac
build atomics-rv64imac rv64imac
build sieve-rv64imac rv64imac
build sieve-rv64ima rv64ima

for program in intops-rv64imac muldiv-rv64imac atomics-rv64imac sieve-rv64imac sieve-rv64ima; do
  set +e
  "$QEMU" "./$program" > "$program.out"
  echo $? > "$program.exit"
  set -e
  echo "$program: exit $(cat "$program.exit"), $(wc -l < "$program.out") lines of output"
done
