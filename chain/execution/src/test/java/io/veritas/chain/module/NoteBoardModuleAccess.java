package io.veritas.chain.module;

import io.veritas.chain.types.Address;

/** Lets tests in other packages use the test-only {@link NoteBoardModule}. */
public final class NoteBoardModuleAccess {
  public static final Address ADDRESS = NoteBoardModule.ADDRESS;

  private NoteBoardModuleAccess() {}

  public static NativeModule create() {
    return new NoteBoardModule();
  }
}
