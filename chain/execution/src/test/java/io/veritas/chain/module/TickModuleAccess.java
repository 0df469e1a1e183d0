package io.veritas.chain.module;

import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Lets tests in other packages use the test-only {@link TickModule}. */
public final class TickModuleAccess {
  public static final Address ADDRESS = TickModule.ADDRESS;
  public static final Bytes32 TICKS = TickModule.TICKS;
  public static final Bytes32 REPORTS = TickModule.REPORTS;

  private TickModuleAccess() {}

  public static NativeModule create() {
    return new TickModule();
  }

  public static Bytes tickCall(long number) {
    return TickModule.tickCall(number);
  }

  public static Bytes reportCall(long x) {
    return TickModule.reportCall(x);
  }
}
