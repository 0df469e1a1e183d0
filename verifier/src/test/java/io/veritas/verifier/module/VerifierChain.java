package io.veritas.verifier.module;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.blockchain.GenesisDefinition;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.state.Account;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * An in-memory chain with the compute market and the verifier (and whatever other modules a test adds), built by
 * the real {@link Blockchain}: every block begins with the protocol transactions the modules ask for. {@link #send}
 * puts one signed transaction in its own block, {@link #sendAll} several in one block; {@link #view} runs a view as
 * eth_call does. It keeps what every sender spent on gas, so balances can be asserted to the wei.
 */
final class VerifierChain {
  static final long CHAIN_ID = 7357;
  static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  static final UInt256 ETH = GWEI.multiply(1_000_000_000L);
  static final UInt256 FUNDING = ETH.multiply(100);
  static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000b10c5");
  private static final long GAS_LIMIT = 300_000;

  private final Supplier<List<NativeModule>> modules;
  private final List<KeyPair> funded;
  private final Blockchain chain;
  private final ModuleDispatcher dispatcher;
  private final Map<Address, Long> nonces = new HashMap<>();
  private final Map<Address, UInt256> gasSpent = new HashMap<>();
  private Bytes32 beacon = Bytes32.fromHexString("0xbeac000000000000000000000000000000000000000000000000000000000001");

  /** One user transaction to include. */
  record Call(KeyPair from, Address to, UInt256 value, Function function) {}

  /** What a user transaction did. */
  record Outcome(Bytes32 txHash, long block, boolean success, Optional<String> revertReason, List<Log> logs, UInt256 gasCost, UInt256 tip) {}

  VerifierChain(Supplier<List<NativeModule>> modules, List<KeyPair> funded) {
    this.modules = modules;
    this.funded = List.copyOf(funded);
    this.dispatcher = new ModuleDispatcher(new ModuleRegistry(modules.get()));
    ChainParameters chainParams = new ChainParameters(CHAIN_ID, 30_000_000, GWEI, UInt256.valueOf(7), 1_000);
    GenesisDefinition genesis = new GenesisDefinition(1_767_225_600L, Bytes32.ZERO, Bytes32.ZERO, state -> {
      for (KeyPair key : funded) {
        state.setBalance(key.address(), FUNDING);
      }
    });
    this.chain = Blockchain.open(new InMemoryKeyValueStore(), chainParams,
        new BlockExecutor(new TransactionProcessor(CHAIN_ID, dispatcher)), genesis);
  }

  static KeyPair key(int n) {
    return KeyPair.fromSecret(UInt256.valueOf(0x2000 + n));
  }

  void beacon(Bytes32 beacon) {
    this.beacon = beacon;
  }

  long height() {
    return chain.head().number();
  }

  Outcome send(KeyPair from, Address to, UInt256 value, Function function) {
    return sendAll(List.of(new Call(from, to, value, function))).get(0);
  }

  /** All {@code calls} in one new block, in order. */
  List<Outcome> sendAll(List<Call> calls) {
    List<DynamicFeeTransaction> txs = new ArrayList<>();
    Map<Address, Long> next = new HashMap<>(nonces);
    for (Call c : calls) {
      long nonce = next.getOrDefault(c.from().address(), 0L);
      next.put(c.from().address(), nonce + 1);
      Bytes data = Bytes.fromHexString(FunctionEncoder.encode(c.function()));
      txs.add(new DynamicFeeTransaction.Unsigned(CHAIN_ID, nonce, GWEI, GWEI.multiply(5), GAS_LIMIT, Optional.of(c.to()), c.value(), data,
          List.of()).sign(c.from()));
    }
    List<String> skipped = new ArrayList<>();
    ProposedBlock block = chain.propose(List.copyOf(txs), chain.head().timestamp() + 1, PROPOSER, beacon, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY, (t, reason) -> skipped.add(reason.getMessage()));
    if (!skipped.isEmpty()) {
      throw new IllegalStateException("transaction not includable: " + skipped);
    }
    chain.commit(block);
    nonces.putAll(next);
    List<Receipt> receipts = chain.receipts(chain.head().hash()).orElseThrow();
    int protocolCount = receipts.size() - txs.size();
    List<Outcome> outcomes = new ArrayList<>();
    long previousGas = protocolCount == 0 ? 0 : receipts.get(protocolCount - 1).cumulativeGasUsed();
    for (int i = 0; i < txs.size(); i++) {
      DynamicFeeTransaction tx = txs.get(i);
      Receipt receipt = receipts.get(protocolCount + i);
      UInt256 gasUsed = UInt256.valueOf(receipt.cumulativeGasUsed() - previousGas);
      previousGas = receipt.cumulativeGasUsed();
      UInt256 cost = tx.effectiveGasPrice(chain.head().baseFeePerGas()).multiply(gasUsed);
      UInt256 tip = tx.effectivePriorityFee(chain.head().baseFeePerGas()).multiply(gasUsed);
      gasSpent.merge(tx.sender(), cost, UInt256::add);
      outcomes.add(new Outcome(tx.hash(), height(), receipt.success(), chain.revertReason(tx.hash()), receipt.logs(), cost, tip));
    }
    return outcomes;
  }

  /** Commits empty blocks (protocol transactions only) until the head is at {@code height}. */
  void advanceTo(long height) {
    if (height < height()) {
      throw new IllegalArgumentException("the head is already at " + height() + ", past " + height);
    }
    while (height() < height) {
      sendAll(List.of());
    }
  }

  /** The protocol transactions block {@code number} began with. */
  List<ProtocolTransaction> protocolTransactions(long number) {
    List<ProtocolTransaction> out = new ArrayList<>();
    for (Transaction tx : chain.block(number).orElseThrow().transactions()) {
      if (tx instanceof ProtocolTransaction p) {
        out.add(p);
      }
    }
    return out;
  }

  /** The receipts of block {@code number}'s protocol transactions, in order. */
  List<Receipt> protocolReceipts(long number) {
    List<Receipt> receipts = chain.receipts(chain.block(number).orElseThrow().hash()).orElseThrow();
    return receipts.subList(0, protocolTransactions(number).size());
  }

  /** Every log of block {@code number}, protocol and user transactions, in order. */
  List<Log> blockLogs(long number) {
    List<Log> logs = new ArrayList<>();
    chain.receipts(chain.block(number).orElseThrow().hash()).orElseThrow().forEach(r -> logs.addAll(r.logs()));
    return logs;
  }

  @SuppressWarnings("rawtypes")
  List<Type> view(Address module, Function function) throws ModuleRevertException {
    Bytes data = Bytes.fromHexString(FunctionEncoder.encode(function));
    BlockContext next = new BlockContext(height() + 1, chain.head().timestamp() + 1, PROPOSER, chain.nextBaseFee(), 30_000_000, beacon);
    var result = dispatcher.call(module, data, Address.ZERO, UInt256.ZERO, next, chain.headState());
    return FunctionReturnDecoder.decode(result.returnData().toUnprefixedHexString(), function.getOutputParameters());
  }

  /** Replays every block on a fresh node with the same genesis and modules; returns the follower's head hash. */
  Bytes32 replayOnAFollower() throws InvalidBlockException {
    VerifierChain follower = new VerifierChain(modules, funded);
    for (long n = 1; n <= height(); n++) {
      Block block = Block.decode(chain.block(n).orElseThrow().encoded());
      follower.chain.commit(follower.chain.validate(block));
    }
    return follower.chain.head().hash();
  }

  Bytes32 headHash() {
    return chain.head().hash();
  }

  WorldState headStateCopy() {
    return chain.headState();
  }

  UInt256 balance(Address address) {
    return chain.headState().balance(address);
  }

  Account account(Address address) {
    return chain.headState().account(address);
  }

  UInt256 gasSpent(Address sender) {
    return gasSpent.getOrDefault(sender, UInt256.ZERO);
  }
}
