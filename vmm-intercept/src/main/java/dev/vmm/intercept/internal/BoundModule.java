package dev.vmm.intercept.internal;

import dev.vmm.intercept.Flow;
import dev.vmm.intercept.FlowContext;
import dev.vmm.intercept.GuestModule;
import dev.vmm.intercept.Verdict;
import java.nio.ByteBuffer;

/** One module bound to one flow: the module's {@link FlowContext} for that flow. */
final class BoundModule<S> implements FlowContext<S> {
  private final GuestModule<S> module;
  private final Flow flow;
  private S state;

  private BoundModule(GuestModule<S> module, Flow flow) {
    this.module = module;
    this.flow = flow;
  }

  /** Binds through a type variable, so a {@code GuestModule<?>} binds without an unchecked cast. */
  static <S> BoundModule<S> bind(GuestModule<S> module, Flow flow) {
    return new BoundModule<>(module, flow);
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

  String moduleName() {
    return module.getClass().getName();
  }

  Verdict open() {
    return module.onOpen(this);
  }

  Verdict chunk(ByteBuffer chunk) {
    return module.onChunk(this, chunk);
  }

  void close() {
    module.onClose(this);
  }
}
