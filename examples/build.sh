#!/usr/bin/env bash
# Rebuilds the example programs as static RISC-V Linux executables. The binaries are committed so
# that `bin/vmm run examples/<name>` works on a machine without cross tools.
# Needs: apt-get install gcc-riscv64-linux-gnu
set -euo pipefail
cd "$(dirname "$0")"
CC=${CC:-riscv64-linux-gnu-gcc}
for source in *.c; do
  # -O1 keeps each function a function, so reports name the function the bug is in.
  "$CC" -static -O1 -fno-inline -Wall -Wextra -o "${source%.c}" "$source"
done
