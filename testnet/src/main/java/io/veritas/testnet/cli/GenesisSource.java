package io.veritas.testnet.cli;

import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisParser;
import io.veritas.genesis.InvalidGenesisException;
import java.nio.file.Path;

/** What a {@code --genesis} flag names: a bundled network ({@code devnet}, {@code testnet}) or a genesis JSON file. */
final class GenesisSource {
  private GenesisSource() {}

  static Genesis load(String nameOrPath) throws InvalidGenesisException {
    return nameOrPath.equals("devnet") || nameOrPath.equals("testnet")
        ? GenesisParser.bundled(nameOrPath)
        : GenesisParser.parse(Path.of(nameOrPath));
  }
}
