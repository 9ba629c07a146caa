package dev.vmm.update;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The VMM's own root of trust: the keys it accepts signatures from, and how many distinct ones
 * must sign a manifest. It comes from the VMM's configuration, never from a guest or a package.
 */
public final class TrustRoot {
  private final Map<KeyId, TrustedKey> keys;
  private final int threshold;

  private TrustRoot(Map<KeyId, TrustedKey> keys, int threshold) {
    this.keys = keys;
    this.threshold = threshold;
  }

  /**
   * A trust root.
   *
   * @param threshold how many distinct trusted keys must sign, 1 to the number of keys
   * @param keys the trusted keys, no id twice
   * @return the trust root
   * @throws IllegalArgumentException if the threshold is out of range or a key is given twice
   */
  public static TrustRoot of(int threshold, Collection<TrustedKey> keys) {
    Map<KeyId, TrustedKey> byId = new LinkedHashMap<>();
    for (TrustedKey key : keys) {
      if (byId.putIfAbsent(key.id(), key) != null) {
        throw new IllegalArgumentException("key " + key.id() + " is given twice");
      }
    }
    if (threshold < 1 || threshold > byId.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " is outside 1.." + byId.size()
          + " (the number of trusted keys)");
    }
    return new TrustRoot(Map.copyOf(byId), threshold);
  }

  /**
   * A trust root of public key files.
   *
   * @param threshold how many distinct keys must sign
   * @param publicKeyFiles the files, as written by {@link SigningKey#generate}
   * @return the trust root
   * @throws IOException if a file cannot be read as a public key
   */
  public static TrustRoot load(int threshold, Collection<Path> publicKeyFiles) throws IOException {
    List<TrustedKey> keys = new ArrayList<>();
    for (Path file : publicKeyFiles) {
      keys.add(TrustedKey.load(file));
    }
    return of(threshold, keys);
  }

  /**
   * The trusted key with this id.
   *
   * @param id a key id
   * @return the key, or empty if it is not trusted
   */
  public Optional<TrustedKey> key(KeyId id) {
    return Optional.ofNullable(keys.get(id));
  }

  /**
   * How many distinct trusted keys must sign.
   *
   * @return the threshold, 1 or more
   */
  public int threshold() {
    return threshold;
  }

  /**
   * Number of trusted keys.
   *
   * @return the count
   */
  public int size() {
    return keys.size();
  }
}
