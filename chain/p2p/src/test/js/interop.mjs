// A js-libp2p peer driven by the Java interop test (InteropWithJsLibp2pTest) over stdin/stdout JSON lines.
// Two nodes: "a" uses the js default signature policy (StrictSign) on topic SIGNED_TOPIC, "b" uses StrictNoSign
// with message id = sha256(data) on NOSIGN_TOPIC. Events and command results are printed as one JSON object per line.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@libp2p/noise'
import { yamux } from '@libp2p/yamux'
import { gossipsub } from '@libp2p/gossipsub'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { createHash } from 'node:crypto'
import readline from 'node:readline'

const SIGNED_TOPIC = 'interop-signed'
const NOSIGN_TOPIC = 'interop-nosign'
const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

async function node (name, services) {
  const n = await createLibp2p({
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping(), pubsub: services }
  })
  n.addEventListener('peer:connect', (e) => out({ event: 'connect', node: name, peer: e.detail.toString() }))
  n.services.pubsub.addEventListener('message', (e) => {
    const m = e.detail
    out({ event: 'message', node: name, topic: m.topic, data: new TextDecoder().decode(m.data), type: m.type, from: m.from ? m.from.toString() : null })
  })
  return n
}

const a = await node('a', gossipsub({ emitSelf: false }))
const b = await node('b', gossipsub({
  globalSignaturePolicy: 'StrictNoSign',
  msgIdFn: (msg) => new Uint8Array(createHash('sha256').update(msg.data).digest())
}))
a.services.pubsub.subscribe(SIGNED_TOPIC)
b.services.pubsub.subscribe(NOSIGN_TOPIC)
const nodes = { a, b }
out({ event: 'ready', a: a.getMultiaddrs().map(String), b: b.getMultiaddrs().map(String) })

async function run (cmd) {
  const n = nodes[cmd.node]
  switch (cmd.cmd) {
    case 'dial': {
      const conn = await n.dial(multiaddr(cmd.addr))
      return { peer: conn.remotePeer.toString() }
    }
    case 'ping':
      return { rtt: await n.services.ping.ping(peerIdFromString(cmd.peer)) }
    case 'protocols': {
      const peer = await n.peerStore.get(peerIdFromString(cmd.peer))
      return { protocols: peer.protocols, agent: peer.metadata.has('AgentVersion') ? new TextDecoder().decode(peer.metadata.get('AgentVersion')) : null }
    }
    case 'subscribers':
      return { peers: n.services.pubsub.getSubscribers(cmd.topic).map(String) }
    case 'publish': {
      const r = await n.services.pubsub.publish(cmd.topic, new TextEncoder().encode(cmd.data))
      return { recipients: r.recipients.map(String) }
    }
    case 'stop':
      await a.stop()
      await b.stop()
      out({ event: 'stopped' })
      process.exit(0)
  }
  throw new Error('unknown command ' + cmd.cmd)
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  let cmd
  try {
    cmd = JSON.parse(line)
    out({ event: 'result', id: cmd.id, ok: true, ...(await run(cmd)) })
  } catch (err) {
    out({ event: 'result', id: cmd?.id, ok: false, error: String(err?.stack ?? err) })
  }
})
process.stdin.on('end', async () => { await a.stop(); await b.stop(); process.exit(0) })
