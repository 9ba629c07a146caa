package dev.vmm.handles;

import java.util.Objects;

/**
 * A kind of object a handle can be minted for (a guest, a channel, a memory region), identified
 * inside a handle by a small tag.
 *
 * <p>A handle minted with one kind never resolves as another: the kind's tag is part of the
 * handle and of the slot's state, and a table binds each tag to one {@code HandleKind} object the
 * first time the tag is used, so two kinds that chose the same tag cannot be mixed in one table.
 * Checking the kind costs one compare on the resolve path.
 *
 * <p>Kinds are compared by identity: declare each once, as a constant.
 *
 * <pre>{@code
 * static final HandleKind<Guest> GUEST = HandleKind.of(1, "guest", Guest.class);
 * }</pre>
 *
 * @param <V> the type of the objects of this kind
 */
public final class HandleKind<V> {
  /** Tag of the untyped kind used by {@link HandleTable#insert(Object)}. */
  public static final int UNTYPED_TAG = 0;

  private final int tag;
  private final String name;
  private final Class<V> type;

  private HandleKind(int tag, String name, Class<V> type) {
    this.tag = tag;
    this.name = name;
    this.type = type;
  }

  /**
   * Declares a kind.
   *
   * @param tag 1 to {@value HandleLayout#MAX_KIND}; 0 belongs to untyped handles
   * @param name a short name used in messages, such as {@code "guest"}
   * @param type the class of the objects of this kind
   * @param <V> the type of the objects of this kind
   * @return the new kind
   * @throws IllegalArgumentException if the tag is out of range or the name is blank
   */
  public static <V> HandleKind<V> of(int tag, String name, Class<V> type) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (tag < 1 || tag > HandleLayout.MAX_KIND) {
      throw new IllegalArgumentException(
          "kind tag " + tag + " for '" + name + "' is outside 1.." + HandleLayout.MAX_KIND
              + " (0 is the untyped kind)");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("kind name is blank (tag " + tag + ")");
    }
    return new HandleKind<>(tag, name, type);
  }

  /**
   * Returns the tag stored in handles of this kind.
   *
   * @return the tag
   */
  public int tag() {
    return tag;
  }

  /**
   * Returns the name used in messages.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the class of the objects of this kind.
   *
   * @return the class
   */
  public Class<V> type() {
    return type;
  }

  @Override
  public String toString() {
    return "'" + name + "' (kind " + tag + ", " + type.getSimpleName() + ")";
  }
}
