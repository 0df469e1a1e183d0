// Drives a running Veritas devnet with ethers v6 as a dapp would, and prints one JSON object with what it
// observed; DevnetEthersIT asserts the exact values. Usage: node devnet-ethers.mjs <http-url> <ws-url>
import {
  JsonRpcProvider,
  WebSocketProvider,
  Wallet,
  parseEther,
  parseUnits,
} from "ethers";

const [httpUrl, wsUrl] = process.argv.slice(2);
if (!httpUrl || !wsUrl) {
  console.error("usage: node devnet-ethers.mjs <http-url> <ws-url>");
  process.exit(2);
}

// Dev accounts 0 and 1 of "test test ... junk"; the recipient is a fresh address.
const KEY_0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const RECIPIENT = "0x4000000000000000000000000000000000000001";

/** Runs a send that must fail and reports ethers' error code and the node's message. */
async function expectRejection(send) {
  try {
    const tx = await send();
    return { code: "ACCEPTED", hash: tx.hash };
  } catch (e) {
    return { code: e.code, message: e.error?.message ?? e.info?.error?.message ?? e.shortMessage };
  }
}

/** Runs a read and reports its value as a string, or the error it threw (so one failed read ends nothing). */
async function attempt(read) {
  try {
    return { value: (await read()).toString() };
  } catch (e) {
    return { error: e.shortMessage ?? e.message };
  }
}

const out = {};
const provider = new JsonRpcProvider(httpUrl, undefined, { polling: true, pollingInterval: 100 });
try {
  const network = await provider.getNetwork();
  out.chainId = network.chainId.toString();

  const wallet = new Wallet(KEY_0, provider);
  out.sender = wallet.address;
  out.senderBalanceAtGenesis = (await provider.getBalance(wallet.address, 0)).toString();
  // A fresh address: its balance is zero, which the node must encode as the quantity "0x0".
  out.recipientBalanceBefore = await attempt(() => provider.getBalance(RECIPIENT));

  // EIP-1559 transfer with ethers' own fee data (type 2 is ethers' default when blocks carry a base fee).
  const tx1559 = await wallet.sendTransaction({ to: RECIPIENT, value: parseEther("1.25") });
  const receipt1559 = await tx1559.wait(1, 30_000);
  out.eip1559 = {
    hash: tx1559.hash,
    type: tx1559.type,
    nonce: tx1559.nonce,
    receiptHash: receipt1559.hash,
    status: receipt1559.status,
    gasUsed: receipt1559.gasUsed.toString(),
    blockNumber: receipt1559.blockNumber,
    blockHash: receipt1559.blockHash,
    gasPrice: receipt1559.gasPrice.toString(),
    from: receipt1559.from,
    to: receipt1559.to,
  };

  // Legacy type-0 transfer (EIP-155 signature for chain 7357).
  // The nonce is explicit: ethers caches each provider request for 250 ms, and with 200 ms blocks the first
  // transfer can be mined within that window, so a second "pending" nonce query could be answered from the cache.
  const legacy = await wallet.sendTransaction({
    to: RECIPIENT,
    value: parseEther("0.5"),
    nonce: tx1559.nonce + 1,
    type: 0,
    gasPrice: parseUnits("3", "gwei"),
  });
  const legacyReceipt = await legacy.wait(1, 30_000);
  out.legacy = {
    hash: legacy.hash,
    type: legacy.type,
    nonce: legacy.nonce,
    chainId: legacy.chainId.toString(),
    status: legacyReceipt.status,
    gasUsed: legacyReceipt.gasUsed.toString(),
    gasPrice: legacyReceipt.gasPrice.toString(),
    blockNumber: legacyReceipt.blockNumber,
    blockHash: legacyReceipt.blockHash,
    yParityV: legacy.signature.v,
  };
  // Read at the legacy transfer's block: a "latest" read could be answered from ethers' 250 ms request cache,
  // which tx.wait() fills with the sender's nonce from before the block.
  out.recipientBalanceAfter = (await provider.getBalance(RECIPIENT, legacyReceipt.blockNumber)).toString();
  out.senderNonceAfter = await provider.getTransactionCount(wallet.address, legacyReceipt.blockNumber);

  // The legacy transfer's block, with its transactions prefetched.
  const block = await provider.getBlock(legacyReceipt.blockNumber, true);
  out.block = {
    number: block.number,
    hash: block.hash,
    miner: block.miner,
    baseFeePerGas: block.baseFeePerGas.toString(),
    transactionHashes: block.transactions,
    prefetched: block.prefetchedTransactions.map((t) => ({ hash: t.hash, from: t.from, to: t.to, value: t.value.toString(), type: t.type })),
  };

  // A "block" event over WebSocket (eth_subscribe newHeads).
  const ws = new WebSocketProvider(wsUrl);
  try {
    const head = await provider.getBlockNumber();
    const eventBlock = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no block event within 15 s")), 15_000);
      ws.on("block", (n) => {
        if (n > head) {
          clearTimeout(timer);
          resolve(n);
        }
      });
    });
    out.wsBlock = { number: eventBlock, headBefore: head };
    out.wsChainId = (await ws.getNetwork()).chainId.toString();
  } finally {
    await ws.destroy();
  }

  // Rejections, mapped by ethers to its error codes from the node's messages.
  out.nonceExpired = await expectRejection(() =>
    wallet.sendTransaction({ to: RECIPIENT, value: 1n, nonce: 0, gasLimit: 21000n }),
  );
  const wallet1 = new Wallet(KEY_1, provider);
  out.insufficientFunds = await expectRejection(() =>
    wallet1.sendTransaction({
      to: RECIPIENT,
      value: parseEther("20000"),
      gasLimit: 21000n,
      maxFeePerGas: parseUnits("10", "gwei"),
      maxPriorityFeePerGas: parseUnits("1", "gwei"),
    }),
  );
  out.wallet1 = wallet1.address;
} finally {
  provider.destroy();
}
console.log(JSON.stringify(out));
