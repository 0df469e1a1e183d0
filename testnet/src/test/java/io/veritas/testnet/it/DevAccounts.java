package io.veritas.testnet.it;

import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The devnet's accounts derived the way wallets derive them (BIP-39 seed, BIP-32 path m/44'/60'/0'/0/i), with
 * web3j rather than the node's own code, so a derivation bug in the node shows up as a mismatch.
 */
final class DevAccounts {
  static final String MNEMONIC = "test test test test test test test test test test test junk";
  static final long CHAIN_ID = 7357;
  /** The ten funded accounts as every Ethereum tool knows them (Hardhat, Anvil). */
  static final List<String> FUNDED_ADDRESSES =
      List.of(
          "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
          "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
          "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
          "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
          "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
          "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
          "0x976ea74026e726554db657fa54763abd0c3a0aa9",
          "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
          "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f",
          "0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
  /** Account 10 of the mnemonic: the devnet's single validator, the miner of every block. */
  static final String VALIDATOR = "0xbcd4042de499d14e55001ccbb24a551f3b954096";

  private DevAccounts() {}

  /** Accounts 0..count-1 of the development mnemonic. */
  static List<Credentials> derive(int count) {
    byte[] seed = MnemonicUtils.generateSeed(MNEMONIC, "");
    Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
    List<Credentials> accounts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] path = {
        44 | Bip32ECKeyPair.HARDENED_BIT, 60 | Bip32ECKeyPair.HARDENED_BIT, Bip32ECKeyPair.HARDENED_BIT, 0, i
      };
      accounts.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path)));
    }
    return accounts;
  }
}
