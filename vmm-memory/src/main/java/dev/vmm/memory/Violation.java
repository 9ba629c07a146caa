package dev.vmm.memory;

import java.util.Objects;

/**
 * A typed report of one memory error of the guest, with everything the memory knows about it. The
 * faulting instruction's pc is the caller's to add: the access methods take only the pointer.
 *
 * @param kind what went wrong
 * @param access what the guest was doing
 * @param pointer the pointer as the guest passed it, tag included
 * @param pointerTag the pointer's tag field, 0 if untagged
 * @param address the pointer's address field
 * @param size the number of bytes accessed (0 for a free)
 * @param allocation the allocation the access is attributed to: the one whose tag the pointer
 *     carries when one is near, otherwise the one that maps the address; {@code null} if none
 * @param site the site of the failing free or realloc call; 0 for loads, stores and copies
 */
public record Violation(
    ViolationKind kind,
    AccessKind access,
    long pointer,
    int pointerTag,
    long address,
    long size,
    Allocation allocation,
    long site) {

  /**
   * Checks the fields.
   *
   * @throws NullPointerException if kind or access is null
   */
  public Violation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(access, "access");
  }

  /**
   * Returns the access's offset from the start of the attributed allocation: negative before it,
   * at least its size past its end.
   *
   * @return {@code address - allocation.base()}, or 0 if there is no allocation
   */
  public long offset() {
    return allocation == null ? 0 : address - allocation.base();
  }

  /**
   * Describes the violation in the style of an AddressSanitizer report, in one paragraph.
   *
   * @return for example {@code "heap-use-after-free: READ of 4 bytes at 0x10010[tag 0x3a1] ..."}
   */
  public String describe() {
    StringBuilder text = new StringBuilder()
        .append(kind.asanName()).append(" (").append(kind).append("): ")
        .append(access).append(size > 0 ? " of " + size + " bytes" : "")
        .append(" at 0x").append(Long.toHexString(address))
        .append(" through pointer 0x").append(Long.toHexString(pointer))
        .append(" (tag 0x").append(Integer.toHexString(pointerTag)).append(')');
    if (site != 0) {
      text.append(" at site 0x").append(Long.toHexString(site));
    }
    if (allocation != null) {
      long offset = offset();
      text.append("; ");
      if (offset < 0) {
        text.append(-offset).append(" bytes before ");
      } else if (offset >= allocation.size() && size > 0) {
        text.append(offset - allocation.size()).append(" bytes after the end of ");
      } else {
        text.append(offset).append(" bytes inside ");
      }
      text.append(allocation);
    } else {
      text.append("; no allocation is near");
    }
    return text.toString();
  }
}
