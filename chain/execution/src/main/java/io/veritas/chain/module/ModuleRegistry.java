package io.veritas.chain.module;

import io.veritas.chain.types.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/** The native modules of a chain, looked up by address, and their methods by 4-byte selector. */
public final class ModuleRegistry {
  private final Map<Address, NativeModule> modules = new LinkedHashMap<>();
  private final Map<Address, Map<Bytes, ModuleMethod>> methods = new HashMap<>();

  public ModuleRegistry(List<NativeModule> modules) {
    for (NativeModule module : modules) {
      if (this.modules.putIfAbsent(module.address(), module) != null) {
        throw new IllegalArgumentException("two native modules at address " + module.address());
      }
      Map<Bytes, ModuleMethod> bySelector = new HashMap<>();
      for (ModuleMethod method : module.methods()) {
        ModuleMethod clash = bySelector.put(method.selector(), method);
        if (clash != null) {
          throw new IllegalArgumentException(
              module.name() + ": methods " + clash.signature() + " and " + method.signature() + " share selector "
                  + method.selector());
        }
      }
      methods.put(module.address(), Map.copyOf(bySelector));
    }
  }

  public static ModuleRegistry empty() {
    return new ModuleRegistry(List.of());
  }

  public boolean isModule(Address address) {
    return modules.containsKey(address);
  }

  public Optional<NativeModule> module(Address address) {
    return Optional.ofNullable(modules.get(address));
  }

  public Optional<ModuleMethod> method(Address address, Bytes selector) {
    Map<Bytes, ModuleMethod> bySelector = methods.get(address);
    return bySelector == null ? Optional.empty() : Optional.ofNullable(bySelector.get(selector));
  }

  public Collection<NativeModule> modules() {
    return modules.values();
  }
}
