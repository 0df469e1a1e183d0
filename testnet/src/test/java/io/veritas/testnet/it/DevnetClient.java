package io.veritas.testnet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/** web3j pointed at a devnet, with the few reads and waits the integration tests repeat. */
final class DevnetClient implements AutoCloseable {
  static final BigInteger GWEI = BigInteger.TEN.pow(9);
  static final BigInteger ETHER = BigInteger.TEN.pow(18);
  static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);
  static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(30);

  final HttpService service;
  final Web3j web3j;
  final RawRpc raw;

  DevnetClient(DevnetProcess devnet) {
    this.service = new HttpService(devnet.httpUrl());
    this.web3j = Web3j.build(service);
    this.raw = new RawRpc(devnet.httpUrl());
  }

  /** Sends a web3j request; a transport failure is a test failure, a JSON-RPC error is returned in the response. */
  static <T extends Response<?>> T send(Request<?, T> request) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new UncheckedIOException("request " + request.getMethod() + " failed", e);
    }
  }

  /** Sends a web3j request whose answer must be a result, not an error. */
  static <T extends Response<?>> T ok(Request<?, T> request) {
    T response = send(request);
    if (response.hasError()) {
      throw new AssertionError(
          request.getMethod() + " answered error " + response.getError().getCode() + ": "
              + response.getError().getMessage());
    }
    return response;
  }

  long head() {
    return ok(web3j.ethBlockNumber()).getBlockNumber().longValueExact();
  }

  BigInteger balance(String address, long block) {
    return ok(web3j.ethGetBalance(address, at(block))).getBalance();
  }

  BigInteger balance(String address, DefaultBlockParameterName tag) {
    return ok(web3j.ethGetBalance(address, tag)).getBalance();
  }

  BigInteger nonce(String address, DefaultBlockParameterName tag) {
    return ok(web3j.ethGetTransactionCount(address, tag)).getTransactionCount();
  }

  EthBlock.Block block(long number, boolean fullTransactions) {
    EthBlock.Block block = ok(web3j.ethGetBlockByNumber(at(number), fullTransactions)).getBlock();
    if (block == null) {
      throw new AssertionError("block " + number + " does not exist");
    }
    return block;
  }

  /** Waits until the head is above {@code number}; returns the new head. */
  long awaitHeadAbove(long number) {
    return Poll.until(
        Duration.ofSeconds(30),
        "a block above " + number,
        () -> {
          long head = head();
          return head > number ? Optional.of(head) : Optional.empty();
        });
  }

  Optional<TransactionReceipt> receipt(String hash) {
    return ok(web3j.ethGetTransactionReceipt(hash)).getTransactionReceipt();
  }

  TransactionReceipt awaitReceipt(String hash) {
    return Poll.until(RECEIPT_TIMEOUT, "the receipt of " + hash, () -> receipt(hash));
  }

  /** Submits signed bytes that must be accepted; returns the hash the node answered. */
  String submit(byte[] signed) {
    EthSendTransaction response = send(web3j.ethSendRawTransaction(Numeric.toHexString(signed)));
    if (response.hasError()) {
      throw new AssertionError(
          "transaction rejected: " + response.getError().getCode() + " " + response.getError().getMessage());
    }
    return response.getTransactionHash();
  }

  /** Submits signed bytes that must be rejected; returns the JSON-RPC error. */
  Response.Error reject(byte[] signed) {
    EthSendTransaction response = send(web3j.ethSendRawTransaction(Numeric.toHexString(signed)));
    if (!response.hasError()) {
      throw new AssertionError("the node accepted a transaction it must reject: " + response.getTransactionHash());
    }
    return response.getError();
  }

  /** A signed EIP-1559 transfer. */
  static byte[] eip1559Transfer(
      Credentials from, long nonce, String to, BigInteger value, BigInteger maxPriorityFee, BigInteger maxFee) {
    RawTransaction tx =
        RawTransaction.createEtherTransaction(
            DevAccounts.CHAIN_ID, BigInteger.valueOf(nonce), TRANSFER_GAS, to, value, maxPriorityFee, maxFee);
    return TransactionEncoder.signMessage(tx, from);
  }

  /** A signed legacy transfer with EIP-155 replay protection for {@code chainId}. */
  static byte[] legacyTransfer(
      Credentials from, long nonce, String to, BigInteger value, BigInteger gasPrice, long chainId) {
    RawTransaction tx =
        RawTransaction.createEtherTransaction(BigInteger.valueOf(nonce), gasPrice, TRANSFER_GAS, to, value);
    return TransactionEncoder.signMessage(tx, chainId, from);
  }

  /** The block's receipts, in transaction order. */
  List<TransactionReceipt> receipts(EthBlock.Block block) {
    return block.getTransactions().stream()
        .map(t -> t instanceof EthBlock.TransactionObject o ? o.getHash() : (String) t.get())
        .map(h -> receipt(h).orElseThrow(() -> new AssertionError("no receipt for included tx " + h)))
        .toList();
  }

  static DefaultBlockParameter at(long block) {
    return DefaultBlockParameter.valueOf(BigInteger.valueOf(block));
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
