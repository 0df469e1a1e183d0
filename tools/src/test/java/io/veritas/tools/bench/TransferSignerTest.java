package io.veritas.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionDecoder;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransferSignerTest {
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);

  @Test
  void signsExactlyWhatTheGeneralSignerSignsAndTheDecoderRecoversTheSender() {
    TransferSigner signer = new TransferSigner(7357, GWEI, GWEI.multiply(20));
    List<KeyPair> keys = TransferSigner.benchAccounts(8);
    for (int i = 0; i < keys.size(); i++) {
      KeyPair from = keys.get(i);
      Address to = keys.get((i + 1) % keys.size()).address();
      SignedTransfer signed = signer.sign(from, i, to, UInt256.ONE);
      DynamicFeeTransaction reference =
          new DynamicFeeTransaction.Unsigned(7357, i, GWEI, GWEI.multiply(20), 21_000, Optional.of(to), UInt256.ONE,
              Bytes.EMPTY, List.of()).sign(from);
      assertEquals(reference.encoded().toHexString(), signed.rawHex());
      Transaction decoded = TransactionDecoder.decode(Bytes.fromHexString(signed.rawHex()));
      assertEquals(from.address(), decoded.sender());
      assertEquals(decoded.hash().toHexString(), signed.hashHex());
    }
  }

  @Test
  void roundsHoldConsecutiveNoncesOfEverySenderInSenderOrder() {
    TransferSigner signer = new TransferSigner(7357, GWEI, GWEI.multiply(20));
    List<KeyPair> keys = TransferSigner.benchAccounts(3);
    List<Address> addresses = keys.stream().map(KeyPair::address).toList();
    SignedTransfer[] transfers = signer.signRounds(keys, addresses, new long[] {5, 0, 9}, 2);
    assertEquals(6, transfers.length);
    long[] expectedNonces = {5, 0, 9, 6, 1, 10};
    for (int k = 0; k < transfers.length; k++) {
      Transaction tx = TransactionDecoder.decode(Bytes.fromHexString(transfers[k].rawHex()));
      assertEquals(addresses.get(k % 3), tx.sender());
      assertEquals(addresses.get((k + 1) % 3), tx.to().orElseThrow());
      assertEquals(expectedNonces[k], tx.nonce());
    }
  }

  @Test
  void benchAccountsAreTheSameEveryRun() {
    assertEquals(
        TransferSigner.benchAccounts(2).get(1).address(), TransferSigner.benchAccounts(2).get(1).address());
  }
}
