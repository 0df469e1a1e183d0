package io.veritas.testnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option not given on the command line gets its value: the environment variable VERITAS_&lt;NAME&gt;
 * (--rpc-port → VERITAS_RPC_PORT), then the TOML config file (key "rpc-port", top level or in a table named
 * after the command, e.g. [devnet]), then the option's built-in default. So: flags &gt; env &gt; file &gt; defaults.
 */
public final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> env;
  private final Optional<TomlParseResult> file;

  public ConfigDefaults(Map<String, String> env, Optional<Path> configFile) {
    this.env = env;
    this.file = configFile.map(ConfigDefaults::parse);
  }

  private static TomlParseResult parse(Path path) {
    try {
      TomlParseResult toml = Toml.parse(Files.readString(path));
      if (toml.hasErrors()) {
        throw new CommandLine.ParameterException(
            new CommandLine(new VeritasCli()), "config file " + path + " is not valid TOML: " + toml.errors().get(0));
      }
      return toml;
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          new CommandLine(new VeritasCli()), "cannot read config file " + path + ": " + e.getMessage());
    }
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || !option.longestName().startsWith("--")) {
      return null;
    }
    String key = option.longestName().substring(2);
    String fromEnv = env.get("VERITAS_" + key.toUpperCase().replace('-', '_'));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (file.isEmpty()) {
      return null;
    }
    String command = option.command() == null ? "" : option.command().name();
    Object value = file.get().get(command + "." + quote(key));
    if (value == null) {
      value = file.get().get(quote(key));
    }
    return value == null ? null : value.toString();
  }

  private static String quote(String key) {
    return "\"" + key + "\"";
  }
}
