package dev.vmm.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root {@code vmm} command: only dispatches to its subcommands. */
@Command(
    name = "vmm",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A virtual machine monitor on the JVM: runs RISC-V Linux programs on tagged memory.",
    subcommands = {})
public final class VmmCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command: say which, for example 'vmm run prog.elf'");
  }
}
