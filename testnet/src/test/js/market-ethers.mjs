// Submits an inference job to a Veritas devnet's compute market with ethers v6, as a dapp would: a Contract from
// the module's ABI (what `veritas abi compute-market` prints), submitJob with the escrow as value, events decoded
// from the receipt and queried by filter, the job read back through the getJob view. Prints one JSON object;
// MarketEthersIT asserts the exact values. Usage: node market-ethers.mjs <http-url> <abi-file>
import { readFileSync } from "node:fs";
import { Contract, JsonRpcProvider, Wallet, toUtf8Bytes, toQuantity } from "ethers";

const [httpUrl, abiFile] = process.argv.slice(2);
if (!httpUrl || !abiFile) {
  console.error("usage: node market-ethers.mjs <http-url> <abi-file>");
  process.exit(2);
}
const MARKET = "0x0000000000000000000000000000000000002000";
// Dev account 8 of "test test ... junk".
const KEY_8 = "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97";
const PRICE = 1_000_000_000_000n;

const provider = new JsonRpcProvider(httpUrl, undefined, { cacheTimeout: -1 });
const wallet = new Wallet(KEY_8, provider);
const market = new Contract(MARKET, JSON.parse(readFileSync(abiFile, "utf8")), wallet);

// The devnet's providers register in its first blocks: wait until they are on chain.
let providers = [];
for (let i = 0; i < 240 && providers.length < 4; i++) {
  providers = await provider.send("veritas_listProviders", []);
  if (providers.length < 4) await new Promise((r) => setTimeout(r, 250));
}
if (providers.length < 4) throw new Error("the devnet's four providers did not register within 60 s");
const model = providers[0].models[0];

// A bad job first: the escrow is one wei short, so estimateGas reports the module's revert reason.
let tooSmall;
try {
  await market.submitJob.estimateGas(model, toUtf8Bytes("hi"), 4, 1n, { value: 4n * PRICE - 1n });
  tooSmall = "ACCEPTED";
} catch (e) {
  tooSmall = e.reason ?? e.shortMessage;
}

const tx = await market.submitJob(model, toUtf8Bytes("The lighthouse keeper"), 6, 7n, { value: 6n * PRICE, gasLimit: 1_000_000n });
const receipt = await tx.wait();
const events = receipt.logs.map((log) => market.interface.parseLog(log)).filter((e) => e !== null);
const submitted = events.find((e) => e.name === "JobSubmitted");
const assigned = events.find((e) => e.name === "JobAssigned");
const jobId = submitted.args.jobId;

// Wait for the provider's result, then read the job through the module's own view.
let job;
for (let i = 0; i < 240; i++) {
  job = await market.getJob(jobId);
  if (Number(job[0]) !== 1) break;
  await new Promise((r) => setTimeout(r, 250));
}
const committed = await market.queryFilter(market.filters.ResultCommitted(jobId), receipt.blockNumber);
const output = await provider.send("veritas_getJobOutput", [toQuantity(jobId)]);

console.log(JSON.stringify({
  tooSmall,
  status: receipt.status,
  jobId: jobId.toString(),
  client: submitted.args.client,
  model: submitted.args.model,
  provider: assigned.args.provider,
  jobStatus: Number(job[0]),
  jobProvider: job[2],
  outputTokens: job[9].map((t) => Number(t)),
  fee: job[8].toString(),
  committedEvents: committed.map((e) => ({ jobId: e.args.jobId.toString(), provider: e.args.provider, outputTokens: Number(e.args.outputTokens) })),
  text: output.text,
}));
