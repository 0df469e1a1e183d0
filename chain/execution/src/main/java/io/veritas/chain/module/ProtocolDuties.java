package io.veritas.chain.module;

import io.veritas.chain.execution.BlockContext;
import java.util.List;

/**
 * Implemented by a {@link NativeModule} that needs the protocol to call it in some blocks: settling jobs whose
 * window closed, issuing verification challenges, paying epoch rewards. Every node asks every such module, in
 * ascending module address order, at the start of each block, and the block must begin with exactly those calls
 * as {@link io.veritas.chain.tx.ProtocolTransaction}s; a block that omits or alters one is invalid.
 *
 * <p>The answer must be a pure function of the parent block's post-state (read through {@code state}) and
 * {@code block}: no clocks, no local configuration, no randomness other than {@link BlockContext#beacon()}.
 * Keep it bounded (a cap per block, the rest in later blocks): the calls cost the block's proposer and every
 * validator time but no gas.
 */
public interface ProtocolDuties {
  List<ProtocolCall> dueCalls(ModuleStateView state, BlockContext block);
}
