package dev.vmm.intercept.internal.modules;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-pattern byte matcher (Aho-Corasick) compiled into a full transition table, so scanning
 * costs one array load per byte and no backtracking. A scan resumes from the state the last one
 * ended in, which is how a match straddling chunk boundaries is found. Immutable, shareable.
 */
final class AhoCorasick {
  private static final int ALPHABET = 256;

  /** next[state * 256 + byte]: the state after reading byte in state. */
  private final int[] next;
  /** Whether some pattern ends in the state (directly or through its suffix links). */
  private final boolean[] accepting;

  private AhoCorasick(int[] next, boolean[] accepting) {
    this.next = next;
    this.accepting = accepting;
  }

  static AhoCorasick compile(List<byte[]> patterns) {
    List<int[]> trie = new ArrayList<>();
    List<Boolean> ends = new ArrayList<>();
    trie.add(newNode());
    ends.add(false);
    for (byte[] pattern : patterns) {
      if (pattern.length == 0) {
        throw new IllegalArgumentException("empty pattern: it would match everywhere");
      }
      int state = 0;
      for (byte b : pattern) {
        int c = b & 0xFF;
        if (trie.get(state)[c] < 0) {
          trie.get(state)[c] = trie.size();
          trie.add(newNode());
          ends.add(false);
        }
        state = trie.get(state)[c];
      }
      ends.set(state, true);
    }
    int states = trie.size();
    int[] next = new int[states * ALPHABET];
    boolean[] accepting = new boolean[states];
    int[] fail = new int[states];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int c = 0; c < ALPHABET; c++) {
      int child = trie.get(0)[c];
      next[c] = child < 0 ? 0 : child;
      if (child > 0) {
        queue.add(child);
      }
    }
    accepting[0] = ends.get(0);
    while (!queue.isEmpty()) {
      int state = queue.poll();
      accepting[state] = ends.get(state) || accepting[fail[state]];
      for (int c = 0; c < ALPHABET; c++) {
        int child = trie.get(state)[c];
        if (child < 0) {
          next[state * ALPHABET + c] = next[fail[state] * ALPHABET + c];
        } else {
          fail[child] = next[fail[state] * ALPHABET + c];
          next[state * ALPHABET + c] = child;
          queue.add(child);
        }
      }
    }
    return new AhoCorasick(next, accepting);
  }

  private static int[] newNode() {
    int[] node = new int[ALPHABET];
    Arrays.fill(node, -1);
    return node;
  }

  /** The state to start a flow in. */
  static int start() {
    return 0;
  }

  /**
   * Scans the remaining bytes from {@code state}; returns the state after them, or the bitwise
   * complement of the state at the first match (negative) if a pattern ends in them.
   */
  int scan(int state, ByteBuffer bytes) {
    int s = state;
    for (int i = bytes.position(), end = bytes.limit(); i < end; i++) {
      s = next[s * ALPHABET + (bytes.get(i) & 0xFF)];
      if (accepting[s]) {
        return ~s;
      }
    }
    return s;
  }
}
