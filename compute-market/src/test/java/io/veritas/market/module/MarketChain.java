package io.veritas.market.module;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.blockchain.GenesisDefinition;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.execution.BlockExecutor;
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
import io.veritas.chain.types.Address;
import io.veritas.market.rules.MarketParameters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * An in-memory chain with the compute market module: each {@link #send} is one signed transaction in its own
 * block (built by the real BlockExecutor and committed), so block numbers are easy to follow; {@link #view}
 * runs a view method like eth_call on the head state. It keeps what every sender spent on gas, so tests can
 * assert balances to the wei.
 */
final class MarketChain {
  static final long CHAIN_ID = 7357;
  static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  static final UInt256 ETH = GWEI.multiply(1_000_000_000L);
  static final UInt256 FUNDING = ETH.multiply(100);
  static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000b10c5");
  private static final long GAS_LIMIT = 2_000_000;

  private final ComputeMarketModule market;
  private final List<NativeModule> others;
  private final Blockchain chain;
  private final ModuleDispatcher dispatcher;
  private final Map<Address, Long> nonces = new HashMap<>();
  private final Map<Address, UInt256> gasSpent = new HashMap<>();
  private Bytes32 beacon = Bytes32.fromHexString("0x5eed000000000000000000000000000000000000000000000000000000000001");

  /** What a transaction did. */
  record Outcome(Bytes32 txHash, long block, boolean success, Optional<String> revertReason, List<Log> logs, UInt256 gasCost, UInt256 tip) {}

  MarketChain(MarketParameters params, List<KeyPair> funded) {
    this(params, List.of(), funded);
  }

  /** The market with {@code params} and {@code others} (modules that use the market, e.g. a test probe). */
  MarketChain(MarketParameters params, List<NativeModule> others, List<KeyPair> funded) {
    this(new ComputeMarketModule(params), others, funded);
  }

  /** The chain with {@code market} (e.g. one that credits rewards) and {@code others}. */
  MarketChain(ComputeMarketModule market, List<NativeModule> others, List<KeyPair> funded) {
    this.market = market;
    this.others = List.copyOf(others);
    List<NativeModule> modules = new ArrayList<>();
    modules.add(market);
    modules.addAll(others);
    this.dispatcher = new ModuleDispatcher(new ModuleRegistry(modules));
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
    return KeyPair.fromSecret(UInt256.valueOf(0x1000 + n));
  }

  /** The beacon of the blocks built from now on. */
  void beacon(Bytes32 beacon) {
    this.beacon = beacon;
  }

  Bytes32 beacon() {
    return beacon;
  }

  long height() {
    return chain.head().number();
  }

  Outcome send(KeyPair from, UInt256 value, Function function) {
    return sendTo(ComputeMarketModule.ADDRESS, from, value, function);
  }

  /** One transaction to {@code to} in its own block (after the block's protocol transactions, if any). */
  Outcome sendTo(Address to, KeyPair from, UInt256 value, Function function) {
    Bytes data = Bytes.fromHexString(FunctionEncoder.encode(function));
    long nonce = nonces.getOrDefault(from.address(), 0L);
    var tx = new DynamicFeeTransaction.Unsigned(CHAIN_ID, nonce, GWEI, GWEI.multiply(5), GAS_LIMIT,
        Optional.of(to), value, data, List.of()).sign(from);
    List<String> skipped = new ArrayList<>();
    ProposedBlock block = chain.propose(List.of(tx), chain.head().timestamp() + 1, PROPOSER, beacon, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY, (t, reason) -> skipped.add(reason.getMessage()));
    if (!skipped.isEmpty()) {
      throw new IllegalStateException("transaction not includable: " + skipped);
    }
    chain.commit(block);
    nonces.put(from.address(), nonce + 1);
    List<Receipt> receipts = chain.receipts(chain.head().hash()).orElseThrow();
    Receipt receipt = receipts.get(receipts.size() - 1); // protocol transactions come first and use no gas
    UInt256 gasUsed = UInt256.valueOf(receipt.cumulativeGasUsed());
    UInt256 cost = tx.effectiveGasPrice(chain.head().baseFeePerGas()).multiply(gasUsed);
    UInt256 tip = tx.effectivePriorityFee(chain.head().baseFeePerGas()).multiply(gasUsed);
    gasSpent.merge(from.address(), cost, UInt256::add);
    return new Outcome(tx.hash(), chain.head().number(), receipt.success(), chain.revertReason(tx.hash()), receipt.logs(), cost, tip);
  }

  /** Commits empty blocks until the head is at {@code height}. */
  void advanceTo(long height) {
    if (height < height()) {
      throw new IllegalArgumentException("the head is already at " + height() + ", past " + height);
    }
    while (height() < height) {
      chain.commit(chain.propose(List.of(), chain.head().timestamp() + 1, PROPOSER, beacon, Bytes.EMPTY, Bytes32.ZERO,
          CommitCertificate.EMPTY, (t, reason) -> { throw new IllegalStateException(reason); }));
    }
  }

  /** Runs a view on the head state as eth_call would (in the context of the next block); decodes the outputs. */
  @SuppressWarnings("rawtypes")
  List<Type> view(Function function) throws ModuleRevertException {
    return viewOn(ComputeMarketModule.ADDRESS, function);
  }

  /** {@link #view} of a method of the module at {@code module}. */
  @SuppressWarnings("rawtypes")
  List<Type> viewOn(Address module, Function function) throws ModuleRevertException {
    Bytes data = Bytes.fromHexString(FunctionEncoder.encode(function));
    BlockContext next = new BlockContext(height() + 1, chain.head().timestamp() + 1, PROPOSER, chain.nextBaseFee(), 30_000_000, beacon);
    var result = dispatcher.call(module, data, Address.ZERO, UInt256.ZERO, next, chain.headState());
    return FunctionReturnDecoder.decode(result.returnData().toUnprefixedHexString(), function.getOutputParameters());
  }

  /**
   * Replays every block of this chain on a fresh node with the same genesis and module, as a follower does
   * (each block re-executed and every header root checked), and returns the follower's head hash.
   */
  Bytes32 replayOnAFollower(List<KeyPair> funded) throws InvalidBlockException {
    MarketChain follower = new MarketChain(market, others, funded);
    for (long n = 1; n <= height(); n++) {
      Block block = Block.decode(chain.block(n).orElseThrow().encoded());
      follower.chain.commit(follower.chain.validate(block));
    }
    return follower.chain.head().hash();
  }

  /** The transactions of block {@code number} (protocol transactions first). */
  List<io.veritas.chain.tx.Transaction> transactions(long number) {
    return chain.block(number).orElseThrow().transactions();
  }

  /** The receipts of block {@code number}, in transaction order. */
  List<Receipt> receipts(long number) {
    return chain.receipts(chain.block(number).orElseThrow().hash()).orElseThrow();
  }

  /** Several transactions in one block, in order; each must be includable. */
  List<Outcome> sendAllTo(Address to, List<KeyPair> from, List<UInt256> values, List<Function> functions) {
    List<io.veritas.chain.tx.Transaction> txs = new ArrayList<>();
    for (int k = 0; k < functions.size(); k++) {
      KeyPair sender = from.get(k);
      long nonce = nonces.getOrDefault(sender.address(), 0L);
      txs.add(new DynamicFeeTransaction.Unsigned(CHAIN_ID, nonce, GWEI, GWEI.multiply(5), GAS_LIMIT, Optional.of(to), values.get(k),
          Bytes.fromHexString(FunctionEncoder.encode(functions.get(k))), List.of()).sign(sender));
      nonces.put(sender.address(), nonce + 1);
    }
    List<String> skipped = new ArrayList<>();
    ProposedBlock block = chain.propose(txs, chain.head().timestamp() + 1, PROPOSER, beacon, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY, (t, reason) -> skipped.add(reason.getMessage()));
    if (!skipped.isEmpty()) {
      throw new IllegalStateException("transactions not includable: " + skipped);
    }
    chain.commit(block);
    List<Receipt> receipts = receipts(height());
    int first = receipts.size() - txs.size();
    List<Outcome> outcomes = new ArrayList<>();
    long previousGas = first == 0 ? 0 : receipts.get(first - 1).cumulativeGasUsed();
    for (int k = 0; k < txs.size(); k++) {
      DynamicFeeTransaction tx = (DynamicFeeTransaction) txs.get(k);
      Receipt receipt = receipts.get(first + k);
      UInt256 gasUsed = UInt256.valueOf(receipt.cumulativeGasUsed() - previousGas);
      previousGas = receipt.cumulativeGasUsed();
      UInt256 cost = tx.effectiveGasPrice(chain.head().baseFeePerGas()).multiply(gasUsed);
      UInt256 tip = tx.effectivePriorityFee(chain.head().baseFeePerGas()).multiply(gasUsed);
      gasSpent.merge(from.get(k).address(), cost, UInt256::add);
      outcomes.add(new Outcome(tx.hash(), height(), receipt.success(), chain.revertReason(tx.hash()), receipt.logs(), cost, tip));
    }
    return outcomes;
  }

  Bytes32 headHash() {
    return chain.head().hash();
  }

  /** A private, writable copy of the head state. */
  WorldState headStateCopy() {
    return chain.headState();
  }

  Bytes32 headStateRoot() {
    return chain.head().stateRoot();
  }

  UInt256 balance(Address address) {
    return chain.headState().balance(address);
  }

  UInt256 storageAt(Address account, Bytes32 slot) {
    return chain.headState().storage(account, slot);
  }

  /** The module's whole account (balance and storage root): equal before and after means nothing changed. */
  Account moduleAccount() {
    return chain.headState().account(ComputeMarketModule.ADDRESS);
  }

  UInt256 storageAt(Bytes32 slot) {
    return chain.headState().storage(ComputeMarketModule.ADDRESS, slot);
  }

  UInt256 gasSpent(Address sender) {
    return gasSpent.getOrDefault(sender, UInt256.ZERO);
  }

  /** A funded sender's balance as it should be: funding − gas − {@code spent} + {@code received}. */
  UInt256 expectedBalance(Address sender, UInt256 spent, UInt256 received) {
    return FUNDING.subtract(gasSpent(sender)).subtract(spent).add(received);
  }
}
