package dev.pylayer.cli;

import dev.pylayer.pipeline.BuildException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pylayer} command: builds minimal Python Lambda layers. */
@Command(
    name = "pylayer",
    mixinStandardHelpOptions = true,
    versionProvider = PylayerCommand.Version.class,
    description = "Builds minimal, reproducible Python (LiteLLM) AWS Lambda layers.",
    subcommands = {BuildCommand.class, LockCommand.class, InspectCommand.class,
        VerifyCommand.class, DoctorCommand.class, PublishCommand.class},
    footer = {"", "Run 'pylayer COMMAND --help' for a command's options."})
public final class PylayerCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The version built into core's jar, so --version and published layers agree. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"pylayer " + dev.pylayer.pipeline.PylayerVersion.get()};
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine(CliEnvironment.system()).execute(args));
  }

  /**
   * The command line with pylayer's error handling (one clear line, no stack trace), its commands
   * reading {@code environment}.
   */
  static CommandLine commandLine(CliEnvironment environment) {
    CommandLine.IFactory factory = new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> type) throws Exception {
        try {
          return type.getDeclaredConstructor(CliEnvironment.class).newInstance(environment);
        } catch (NoSuchMethodException e) {
          return CommandLine.defaultFactory().create(type);
        }
      }
    };
    CommandLine commandLine = new CommandLine(new PylayerCommand(), factory);
    commandLine.setOut(new java.io.PrintWriter(environment.out(), true));
    commandLine.setErr(new java.io.PrintWriter(environment.err(), true));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("pylayer: error: " + dev.pylayer.pipeline.FailureMessages.of(e));
      if (System.getenv("PYLAYER_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return isUsageError(e) ? 2 : 1;
    });
    return commandLine;
  }

  private static boolean isUsageError(Exception e) {
    return e instanceof IllegalArgumentException && !(e instanceof BuildException);
  }
}
