package io.veritas.testnet.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A thread that sends EIP-1559 transfers round-robin from several accounts, as fast as the node answers,
 * recording each transaction the node acknowledged (answered with its hash). It ends when asked to, or at the
 * first failed exchange (the node going away); the transaction in flight then is recorded as unacknowledged.
 */
final class TransferStream implements Runnable {
  static final BigInteger VALUE = BigInteger.valueOf(1000);

  /** A transaction the node answered with its hash. */
  record Acked(String hash, int sender, long nonce) {}

  private final RawRpc rpc;
  private final List<Credentials> senders;
  private final List<String> recipients;
  private final long[] nextNonce;
  private final List<Acked> acked = Collections.synchronizedList(new ArrayList<>());
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final AtomicBoolean nodeGoing = new AtomicBoolean();
  private final AtomicReference<String> unacknowledged = new AtomicReference<>();
  private final AtomicReference<String> rejection = new AtomicReference<>();
  private final Thread thread;

  TransferStream(String url, List<Credentials> senders) {
    this.rpc = new RawRpc(url);
    this.senders = List.copyOf(senders);
    this.nextNonce = new long[senders.size()];
    List<String> to = new ArrayList<>();
    for (int i = 0; i < senders.size(); i++) {
      to.add(String.format("0x30000000000000000000000000000000000000%02x", i + 1));
    }
    this.recipients = List.copyOf(to);
    this.thread = Thread.ofPlatform().name("transfer-stream").daemon().unstarted(this);
  }

  void start() {
    thread.start();
  }

  /** Asks the stream to end after the exchange in flight, and waits for it. */
  void stopAndJoin() throws InterruptedException {
    stopRequested.set(true);
    join();
  }

  /**
   * Tells the stream that the node is about to be stopped, so an error answer from now on (a server refusing
   * work while it shuts down) ends the stream like a dropped connection instead of counting as a rejection.
   */
  void expectNodeToGo() {
    nodeGoing.set(true);
  }

  void join() throws InterruptedException {
    thread.join(60_000);
    if (thread.isAlive()) {
      throw new AssertionError("the transfer stream did not end within 60 s");
    }
  }

  List<Acked> acked() {
    synchronized (acked) {
      return List.copyOf(acked);
    }
  }

  int ackedCount() {
    return acked.size();
  }

  String recipient(int sender) {
    return recipients.get(sender);
  }

  /** Nonces acknowledged per sender (each sender's acknowledged nonces are 0..count-1). */
  long ackedNonces(int sender) {
    return nextNonce[sender];
  }

  /** The hash of the transaction whose exchange failed when the node went away, if any. */
  Optional<String> unacknowledged() {
    return Optional.ofNullable(unacknowledged.get());
  }

  /** A JSON-RPC error the node answered while it was up: a test failure. */
  Optional<String> rejection() {
    return Optional.ofNullable(rejection.get());
  }

  @Override
  public void run() {
    int turn = 0;
    while (!stopRequested.get()) {
      int sender = turn++ % senders.size();
      long nonce = nextNonce[sender];
      byte[] signed =
          DevnetClient.eip1559Transfer(
              senders.get(sender), nonce, recipients.get(sender), VALUE, DevnetClient.GWEI,
              DevnetClient.GWEI.multiply(BigInteger.TEN));
      String hex = Numeric.toHexString(signed);
      JsonNode response;
      try {
        response = rpc.call("eth_sendRawTransaction", hex);
      } catch (RuntimeException nodeGone) {
        unacknowledged.set(Hash.sha3(hex));
        return;
      }
      if (response.has("error") && nodeGoing.get()) {
        unacknowledged.set(Hash.sha3(hex));
        return;
      }
      if (response.has("error")) {
        rejection.compareAndSet(null, "nonce " + nonce + " of sender " + sender + ": " + response.get("error"));
        return;
      }
      acked.add(new Acked(response.get("result").asText(), sender, nonce));
      nextNonce[sender] = nonce + 1;
    }
  }
}
