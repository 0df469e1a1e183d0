package io.veritas.genesis;

import java.util.List;

/** A genesis file that cannot start a chain; the message lists every problem found, one per line. */
public final class InvalidGenesisException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidGenesisException(String source, List<String> problems) {
    super("invalid genesis " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
