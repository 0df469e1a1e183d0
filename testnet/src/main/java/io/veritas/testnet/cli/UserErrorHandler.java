package io.veritas.testnet.cli;

import io.veritas.chain.storage.StorageException;
import io.veritas.genesis.InvalidGenesisException;
import io.veritas.inference.InferenceException;
import java.net.BindException;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause (a bad genesis, a data directory in use, a port taken...) into one clear
 * line and exit code 1; anything else is a bug and keeps its stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    String message = userMessage(e);
    if (message == null) {
      e.printStackTrace(cmd.getErr());
      return 2;
    }
    cmd.getErr().println("error: " + message);
    return 1;
  }

  private static String userMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InvalidGenesisException || t instanceof StorageException || t instanceof InferenceException) {
        return t.getMessage();
      }
      if (t instanceof BindException) {
        return "cannot listen: " + t.getMessage() + " (is another node using the port? choose another with --rpc-port/--p2p-port)";
      }
      if (t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith("the data directory holds")) {
        return t.getMessage();
      }
    }
    return null;
  }
}
