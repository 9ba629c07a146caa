package dev.vmm.cli.internal;

import dev.vmm.update.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vmm keys}: the Ed25519 keys that sign update packages. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Manages the Ed25519 keys that sign update packages.",
    subcommands = KeysCommand.Generate.class)
public final class KeysCommand implements Runnable {
  @ParentCommand VmmCommand root;

  @Override
  public void run() {
    root.missingSubcommand("keys", "vmm keys generate --private release.key --public release.pub");
  }

  /** {@code vmm keys generate}: a new key pair in two files. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Generates an Ed25519 key pair: the private key signs packages (keep it off the VMM; the"
            + " file is created readable by its owner only), the public key goes into the VMM's"
            + " trust root. Prints the key id.",
      })
  static final class Generate implements Callable<Integer> {
    @ParentCommand KeysCommand keys;

    @Option(names = "--private", required = true, paramLabel = "FILE",
        description = "Where the private key goes; must not exist yet.")
    Path privateKey;

    @Option(names = "--public", required = true, paramLabel = "FILE",
        description = "Where the public key goes; must not exist yet.")
    Path publicKey;

    @Override
    public Integer call() throws IOException {
      Console console = keys.root.console();
      for (Path file : new Path[] {privateKey, publicKey}) {
        if (Files.exists(file)) {
          console.err().println("vmm keys generate: " + file + " exists; not overwriting a key");
          return 1;
        }
      }
      SigningKey key = SigningKey.generate(privateKey, publicKey);
      console.out().println("generated key " + key.id() + ": private " + privateKey
          + ", public " + publicKey);
      return 0;
    }
  }
}
