#!/usr/bin/env bash
# Rebuilds the ELF guest programs of vmm-core's tests (the binaries are committed: CI has no cross
# compiler). Needs Debian's gcc-riscv64-linux-gnu. The other programs the tests run are
# vmm-riscv's, read from ../vmm-riscv/src/test/resources/riscv.
set -euo pipefail
cd "$(dirname "$0")"
riscv64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o hypercalls hypercalls.c
