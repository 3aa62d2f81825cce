package dev.pylayer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pylayer} command: builds minimal Python Lambda layers. */
@Command(
    name = "pylayer",
    mixinStandardHelpOptions = true,
    version = "pylayer 0.1.0-SNAPSHOT",
    description = "Builds minimal, reproducible Python (LiteLLM) AWS Lambda layers.")
public final class PylayerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PylayerCommand()).execute(args));
  }
}
