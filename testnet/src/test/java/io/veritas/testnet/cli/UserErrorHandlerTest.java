package io.veritas.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.genesis.InvalidGenesisException;
import io.veritas.inference.InferenceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class UserErrorHandlerTest {
  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    static Exception toThrow;

    @Override
    public Integer call() throws Exception {
      throw toThrow;
    }
  }

  private static String run(Exception e, int expectedExit) {
    Failing.toThrow = e;
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Failing()).setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(new UserErrorHandler()).execute();
    assertEquals(expectedExit, exit);
    return err.toString();
  }

  @Test
  void userErrorsAreOneLineWithExitCode1() {
    assertEquals("error: invalid genesis g.json:\n  - file not found\n",
        run(new InvalidGenesisException("g.json", List.of("file not found")), 1));
    assertEquals("error: cannot listen: Address already in use (is another node using the port? choose another with --rpc-port/--p2p-port)\n",
        run(new UncheckedIOException("cannot bind", new BindException("Address already in use")), 1));
    String inference = run(new InferenceException("model file /nope.gguf does not exist"), 1);
    assertEquals("error: model file /nope.gguf does not exist\n", inference);
  }

  @Test
  void bugsKeepTheirStackTraceAndExitCode2() {
    String out = run(new NullPointerException("boom"), 2);
    assertEquals(true, out.startsWith("java.lang.NullPointerException: boom"), out);
  }
}
