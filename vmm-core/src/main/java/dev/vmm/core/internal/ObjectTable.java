package dev.vmm.core.internal;

import dev.vmm.core.Guest;
import dev.vmm.core.GuestObject;
import dev.vmm.core.GuestObjects;
import dev.vmm.handles.HandleKind;
import dev.vmm.handles.HandleTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The owner check on top of the VMM's handle table: one resolve and one identity compare. */
@Singleton
final class ObjectTable implements GuestObjects {
  private final HandleTable<Object> table;

  @Inject
  ObjectTable(HandleTable<Object> table) {
    this.table = table;
  }

  @Override
  public <T extends GuestObject> long insert(HandleKind<T> kind, T object) {
    return table.insert(kind, object);
  }

  @Override
  public <T extends GuestObject> T resolve(Guest caller, HandleKind<T> kind, long handle) {
    T object = table.resolve(kind, handle);
    return object != null && object.owner() == caller ? object : null;
  }

  @Override
  public <T extends GuestObject> T remove(Guest caller, HandleKind<T> kind, long handle) {
    // Resolve first: a remove must never retire another guest's handle, even one it guessed.
    return resolve(caller, kind, handle) == null ? null : table.remove(kind, handle);
  }

  <T extends GuestObject> void forEach(HandleKind<T> kind, java.util.function.Consumer<T> action) {
    table.forEach(kind, (handle, object) -> action.accept(object));
  }
}
