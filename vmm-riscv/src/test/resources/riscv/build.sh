#!/usr/bin/env bash
# Rebuilds the freestanding RISC-V test programs and records what qemu-riscv64 says they do.
# Needs the Debian cross tools: apt-get install gcc-riscv64-linux-gnu qemu-user.
# The built binaries and the recorded .out/.exit files are committed, because CI has no cross
# tools: RiscvProgramsTest runs the binaries on the interpreter and compares with the recordings.
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-riscv64-linux-gnu-gcc}
QEMU=${QEMU:-qemu-riscv64}
FLAGS=(-nostdlib -ffreestanding -O2 -mabi=lp64 -fno-builtin -Wall -Wextra -Werror)

build() { # output source march [link mode: -static unless given]
  local output=$1 source=$2 march=$3
  shift 3
  [[ $# -gt 0 ]] || set -- -static
  "$CC" "${FLAGS[@]}" -march="$march" "$@" -o "$output" "$source"
}

# Compressed code (rv64imac) for every program; sieve also without C, so both decoders run it,
# and as a static position-independent executable (ET_DYN, no interpreter), which the loader
# places at a bias. sieve-dynamic asks for a dynamic linker (PT_INTERP): the loader must refuse it.
build intops-rv64imac intops.c rv64imac
build muldiv-rv64imac muldiv.c rv64imac
build atomics-rv64imac atomics.c rv64imac
build sieve-rv64imac sieve.c rv64imac
build sieve-rv64ima sieve.c rv64ima
build sieve-pie-rv64imac sieve.c rv64imac -static-pie -fPIE -Wl,--no-dynamic-linker
build sieve-dynamic sieve.c rv64imac -static-pie -fPIE
# F and D with the integer ABI (there is no libc in these programs to need the float ABI).
build float-rv64imafdc float.c rv64imafdc -static -ffp-contract=off -fno-math-errno
# The guest-IPS benchmark programs (vmm-bench's GuestIps): CPU-bound, deterministic, one checksum.
build bench-sieve bench-sieve.c rv64imac
build bench-sha256 bench-sha256.c rv64imac
build bench-qsort bench-qsort.c rv64imac
# Programs with a C library: static glibc (the Debian cross default, rv64gc, lp64d).
GLIBC_PROGRAMS=(hello stdio qsort hashtable files stdin threads)
for name in "${GLIBC_PROGRAMS[@]}"; do
  source=$name.c
  [[ $name != hello ]] || source=hello-glibc.c
  "$CC" -static -O2 -Wall -Wextra -Werror -pthread -o "$name-glibc" "$source"
done
# Flags at the edges of the range in every rounding mode: -frounding-math keeps each operation
# between its feclearexcept and fetestexcept.
"$CC" -static -O2 -frounding-math -Wall -Wextra -Werror -o fenv-glibc fenv.c -lm
# Heap programs for the tagged heap: a clean one that must run clean, and the classic bugs
# (heapbugs BUG); their warnings are the bugs themselves, so those are not errors. No sibling
# calls, so every free has its own call site. HeapBugsTest's expected function+offset sites come
# from `riscv64-linux-gnu-objdump -d heapbugs`: update them when this binary changes.
"$CC" -static -O2 -Wall -Wextra -Werror -o heapclean heapclean.c
"$CC" -static -O2 -fno-optimize-sibling-calls -Wall -Wextra -Wno-use-after-free \
    -Wno-array-bounds -Wno-stringop-overflow -Wno-free-nonheap-object -o heapbugs heapbugs.c
# A use after free on a worker thread: caught on the worker's hart (LinuxProcessTest).
"$CC" -static -O2 -pthread -Wall -Wextra -Wno-use-after-free -o threadbug threadbug.c

record() { # program: stdout and exit code, run in an empty directory (files-glibc writes there)
  local program=$1 input=/dev/null scratch
  [[ ! -f "$program.in" ]] || input=$PWD/$program.in
  scratch=$(mktemp -d)
  set +e
  (cd "$scratch" && "$QEMU" "$OLDPWD/$program" < "$input") > "$program.out"
  echo $? > "$program.exit"
  set -e
  rm -rf "$scratch"
  echo "$program: exit $(cat "$program.exit"), $(wc -l < "$program.out") lines of output"
}

for program in intops-rv64imac muldiv-rv64imac atomics-rv64imac sieve-rv64imac sieve-rv64ima \
    sieve-pie-rv64imac float-rv64imafdc fenv-glibc heapclean threadbug bench-sieve bench-sha256 \
    bench-qsort; do
  record "$program"
done
for name in "${GLIBC_PROGRAMS[@]}"; do
  record "$name-glibc"
done

# qemu runs the bugs natively (glibc's malloc, no checks): what the program prints before and
# after its bug, or glibc's own abort (134) for the bad frees, or SIGSEGV (139).
for bug in use-after-free overflow underflow double-free invalid-free use-after-realloc \
    struct-array leak jump-unmapped write-freed; do
  set +e
  "$QEMU" ./heapbugs "$bug" > "heapbugs-$bug.out" 2> /dev/null
  echo $? > "heapbugs-$bug.exit"
  set -e
  echo "heapbugs $bug: exit $(cat "heapbugs-$bug.exit")"
done
