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
    subcommands = {RunCommand.class, KeysCommand.class, UpdateCommand.class, ServeCommand.class})
public final class VmmCommand implements Runnable {
  private final Console console;
  private final CliComponent component;

  @Spec CommandSpec spec;

  /**
   * Creates the root command.
   *
   * @param console the streams every subcommand uses
   * @param component the root Dagger component, which builds the VMM
   */
  public VmmCommand(Console console, CliComponent component) {
    this.console = console;
    this.component = component;
  }

  /**
   * Returns the root Dagger component.
   *
   * @return the component
   */
  CliComponent component() {
    return component;
  }

  /**
   * Returns the streams the subcommands talk through.
   *
   * @return the console
   */
  Console console() {
    return console;
  }

  @Override
  public void run() {
    missingSubcommand("vmm", "vmm run prog.elf");
  }

  /**
   * Fails a command that was given without its subcommand, with the usage of that command.
   *
   * @param command the command's name as typed
   * @param example a complete command line to suggest
   * @throws ParameterException always, which picocli turns into a usage error
   */
  void missingSubcommand(String command, String example) {
    CommandSpec target = command.equals("vmm") ? spec : spec.subcommands().get(command).getCommandSpec();
    throw new ParameterException(target.commandLine(),
        "Missing command: say which, for example '" + example + "'");
  }
}
