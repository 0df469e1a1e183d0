package io.veritas.chain.crypto;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.MnemonicUtils;

/**
 * BIP-39 mnemonics and BIP-32 derivation along Ethereum's BIP-44 path m/44'/60'/0'/0/i, as MetaMask, Hardhat
 * and Anvil derive their accounts.
 */
public final class HdWallet {
  /** The well-known development mnemonic whose accounts the devnet funds. */
  public static final String DEV_MNEMONIC = "test test test test test test test test test test test junk";

  private static final int HARDENED = Bip32ECKeyPair.HARDENED_BIT;

  private HdWallet() {}

  /**
   * The first {@code count} accounts of {@code mnemonic} (empty BIP-39 passphrase).
   *
   * @throws IllegalArgumentException if the mnemonic is not valid BIP-39 English (word list and checksum)
   */
  public static List<KeyPair> deriveAccounts(String mnemonic, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("account count must be >= 0, got " + count);
    }
    if (!MnemonicUtils.validateMnemonic(mnemonic)) {
      throw new IllegalArgumentException("not a valid BIP-39 mnemonic (unknown word or bad checksum)");
    }
    Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(mnemonic, ""));
    // m/44'/60'/0'/0 once, then one non-hardened child per account.
    Bip32ECKeyPair change = Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | HARDENED, 60 | HARDENED, HARDENED, 0});
    List<KeyPair> accounts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Bip32ECKeyPair child = Bip32ECKeyPair.deriveKeyPair(change, new int[] {i});
      accounts.add(KeyPair.fromSecret(toBytes32(child.getPrivateKey())));
    }
    return List.copyOf(accounts);
  }

  private static Bytes32 toBytes32(BigInteger secret) {
    return UInt256.valueOf(secret).toBytes();
  }
}
