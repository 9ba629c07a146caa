package dev.vmm.handles;

/**
 * Receives live entries during {@link HandleTable#forEach}.
 *
 * @param <T> the type of the values
 */
@FunctionalInterface
public interface HandleConsumer<T> {
  /**
   * Accepts one live entry.
   *
   * @param handle the entry's handle
   * @param value the object it resolves to
   */
  void accept(long handle, T value);
}
