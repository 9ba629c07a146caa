package dev.vmm.intercept.internal.modules;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;

/** Drives one module for one flow the way the guest does, without sockets. */
final class ModuleHarness<S> implements FlowContext<S> {
  private final GuestModule<S> module;
  private final Flow flow;
  private S state;

  private ModuleHarness(GuestModule<S> module, Flow flow) {
    this.module = module;
    this.flow = flow;
  }

  static <S> ModuleHarness<S> of(GuestModule<S> module, Flow flow) {
    return new ModuleHarness<>(module, flow);
  }

  static Verdict open(GuestModule<?> module, Flow flow) {
    return of(module, flow).open();
  }

  static Verdict chunkWithoutOpen(GuestModule<?> module, Flow flow, ByteBuffer chunk) {
    return of(module, flow).chunk(chunk);
  }

  Verdict open() {
    return module.onOpen(this);
  }

  Verdict chunk(ByteBuffer chunk) {
    return module.onChunk(this, chunk.asReadOnlyBuffer());
  }

  @Override
  public Flow flow() {
    return flow;
  }

  @Override
  public S state() {
    return state;
  }

  @Override
  public void state(S state) {
    this.state = state;
  }
}
