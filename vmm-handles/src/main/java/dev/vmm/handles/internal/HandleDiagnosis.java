package dev.vmm.handles.internal;

import dev.vmm.handles.HandleKind;
import dev.vmm.handles.HandleLayout;
import dev.vmm.handles.InvalidHandleException;
import dev.vmm.handles.InvalidHandleException.Reason;

/**
 * Works out why a value failed a strict lookup. Runs only after the fast path has said no, so it
 * may take its time; it reads the slot again, and under concurrent change it describes what it
 * sees then.
 */
final class HandleDiagnosis {
  private HandleDiagnosis() {}

  static InvalidHandleException explain(
      LockFreeHandleTable<?> table, long handle, HandleKind<?> expected) {
    if (handle == 0) {
      return new InvalidHandleException(handle, Reason.ZERO, "0 is never a handle");
    }
    if (handle < 0) {
      return new InvalidHandleException(
          handle, Reason.NEGATIVE, "bit 63 is set; handles are non-negative");
    }
    int minter = HandleLayout.tableId(handle);
    if (minter != table.tableId()) {
      return new InvalidHandleException(
          handle, Reason.FOREIGN_TABLE,
          "it names table " + minter + "; this is table " + table.tableId());
    }
    int tag = HandleLayout.kind(handle);
    if (expected != null && (tag != expected.tag() || table.boundKind(tag) != expected)) {
      return new InvalidHandleException(
          handle, Reason.WRONG_KIND,
          "expected " + expected + ", the handle is of " + kindName(table, tag));
    }
    int index = HandleLayout.index(handle);
    int generation = HandleLayout.generation(handle);
    if (generation == 0) {
      return new InvalidHandleException(
          handle, Reason.NEVER_ISSUED, "generation 0 is never issued");
    }
    int highWater = table.highWater();
    if (index >= highWater) {
      return new InvalidHandleException(
          handle, Reason.OUT_OF_RANGE,
          "index " + index + " is beyond the " + highWater + " slots handed out so far (capacity "
              + table.capacity() + ")");
    }
    return explainSlot(table, handle, index, generation, tag);
  }

  private static InvalidHandleException explainSlot(
      LockFreeHandleTable<?> table, long handle, int index, int generation, int tag) {
    long state = table.stateOf(index);
    if (state == handle) {
      return new InvalidHandleException(
          handle, Reason.NEVER_ISSUED, "it was not yet live when it was looked up");
    }
    int slotGeneration = HandleLayout.generation(state);
    String slotIs = SlotStates.isLive(state)
        ? "slot " + index + " is live at generation " + slotGeneration + " as "
            + kindName(table, HandleLayout.kind(state))
        : "slot " + index + " is free at generation " + slotGeneration
            + (slotGeneration == HandleLayout.MAX_GENERATION ? " and retired" : "");
    if (state == 0 || generation > slotGeneration) {
      return new InvalidHandleException(
          handle, Reason.NEVER_ISSUED, "generation " + generation + " was never issued; " + slotIs);
    }
    if (generation == slotGeneration && SlotStates.isLive(state)) {
      return new InvalidHandleException(
          handle, Reason.NEVER_ISSUED,
          "generation " + generation + " was issued as " + kindName(table, HandleLayout.kind(state))
              + ", not as " + kindName(table, tag));
    }
    return new InvalidHandleException(
        handle, Reason.FREED, "its object was removed; " + slotIs);
  }

  private static String kindName(LockFreeHandleTable<?> table, int tag) {
    if (tag == HandleKind.UNTYPED_TAG) {
      return "the untyped kind (kind 0)";
    }
    HandleKind<?> kind = table.boundKind(tag);
    return kind != null ? kind.toString() : "kind " + tag + " (never inserted here)";
  }
}
