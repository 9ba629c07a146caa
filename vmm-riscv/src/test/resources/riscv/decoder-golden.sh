#!/usr/bin/env bash
# Regenerates decoder-golden.txt: seeded random instruction words (32-bit ones over every major
# opcode, and 16-bit compressed parcels) and the mnemonic GNU objdump decodes each to, so
# DecoderGoldenTest can hold the decoder against an independent decoder without the cross tools.
# Needs python3 and riscv64-linux-gnu-objdump (apt-get install binutils-riscv64-linux-gnu).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp/words.bin" <<'PY'
import random, struct, sys
rng = random.Random(20261124)
# Major opcodes with bits 1..0 = 11 and bits 4..2 != 111 (longer than 32 bits otherwise).
majors = [(hi << 5) | (mid << 2) | 3 for hi in range(4) for mid in range(7)]
out = []
for _ in range(8000):
    word = rng.getrandbits(32)
    if rng.random() < 0.7:
        # Sparse fields make the legal encodings (funct7 = 0, 1, 0x20, rs2 = 0...) common.
        word &= rng.choice([0xFFFFFFFF, 0x0FFFFFFF, 0x41FFFFFF, 0x001FFFFF, 0xFE0FFFFF])
    word = (word & ~0x7F) | rng.choice(majors)
    out.append(struct.pack('<I', word))
for _ in range(8000):
    parcel = rng.getrandbits(16)
    if parcel & 3 == 3:
        parcel &= ~rng.choice([1, 2])
    out.append(struct.pack('<H', parcel))
open(sys.argv[1], 'wb').write(b''.join(out))
PY

riscv64-linux-gnu-objdump -D -b binary -m riscv:rv64 -M no-aliases,numeric "$tmp/words.bin" \
  | awk -F'\t' '/^ *[0-9a-f]+:\t/ { split($3, m, " "); print $2, m[1] }' \
  | sed 's/ *$//; s/  */ /g' > decoder-golden.txt
echo "decoder-golden.txt: $(wc -l < decoder-golden.txt) instructions"
