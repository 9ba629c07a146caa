package dev.vmm.core.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoSet;
import dev.vmm.core.HypercallAbi;
import dev.vmm.core.HypercallRegistrar;
import dev.vmm.core.HypercallService;
import jakarta.inject.Inject;

/** Contributes one service to the VMM's set, as another module would. */
@Module
interface TestServicesModule {
  @Binds
  @IntoSet
  HypercallService answer(AnswerService service);

  /** Returns 42. */
  final class AnswerService implements HypercallService {
    static final long NUMBER = HypercallAbi.BASE + 0x842;

    @Inject
    AnswerService() {}

    @Override
    public String name() {
      return "answer";
    }

    @Override
    public void register(HypercallRegistrar registrar) {
      registrar.register(NUMBER, "answer", (context, a0, a1, a2, a3, a4, a5) -> 42);
    }
  }
}
