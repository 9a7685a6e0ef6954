// Prints the README's benchmark table from tests/bench/results/latest.json (or the file given),
// so every figure in the README is copied by a program from a committed run, not by hand.
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? 'tests/bench/results/latest.json'
const r = JSON.parse(readFileSync(file, 'utf8'))
const f = (v) => (v === undefined || v === null ? '—' : `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(2)} ms`)
const plain = (v) => (v === undefined || v === null ? '—' : `${v.toFixed(2)} ms`)
const pair = (s) => (s ? `${f(s.p50)} / ${f(s.p99)}` : '—')
const rows = []
const row = (what, baseline, addedTtft, addedTotal, target) => rows.push(`| ${what} | ${baseline} | ${addedTtft} | ${addedTotal} | ${target} |`)

if (r.overhead) {
  row(`Core in-process vs bare \`openai\` SDK, flooding (${r.overhead.rounds} rounds)`, `ttft ${plain(r.overhead.baseline.ttft.p50)}`, pair(r.overhead.added.ttft), pair(r.overhead.added.total), '< 1 ms p50, < 5 ms p99')
}
for (const [stream, label] of [['flood', 'flooding'], ['paced', 'paced 20 ms']]) {
  const d = r[`doors.${stream}`]
  if (!d) continue
  const names = { core: 'core in-process', serve: '`workbench serve` WebSocket', relay: 'utility-process relay (forked core)', aiSdk: "Vercel AI SDK (peer)" }
  const targets = { core: stream === 'flood' ? '< 0.2 ms p50' : '', serve: stream === 'paced' ? '< 1 ms p50' : '', relay: stream === 'paced' ? '< 1 ms p50' : '', aiSdk: '' }
  for (const k of Object.keys(names)) {
    if (d.added[k]) row(`${names[k]}, tokens ${label} (${d.rounds} rounds)`, `ttft ${plain(d.baseline.ttft.p50)}`, pair(d.added[k].ttft), pair(d.added[k].total), targets[k] || '—')
  }
}
if (r.history) {
  for (const [size, s] of Object.entries(r.history.added)) {
    row(`Core with ${Number(size).toLocaleString('en')} prior messages vs bare SDK sending the same body (${r.history.rounds} rounds)`, '', pair(s.ttft), pair(s.total), size === '10000' ? 'within 2× of 10' : '—')
  }
}
if (r.failover) {
  const a = r.failover.added
  row(`Failover, primary refuses, breaker closed, minus the local model alone (${r.failover.rounds} rounds)`, `ttft ${plain(r.failover.baseline.p50)}`, pair(a.closed), '', '< 50 ms')
  row('Failover, breaker open', '', pair(a.open), '', '< 5 ms')
  row('Failover, OS offline (cloud skipped)', '', pair(a.offline), '', '< 5 ms')
}
console.log('| benchmark | baseline p50 | added to first token, p50 / p99 of per-round differences | added to total, same | target |')
console.log('| --- | --- | --- | --- | --- |')
console.log(rows.join('\n'))
if (r.mainLoop) {
  const m = r.mainLoop
  console.log(`\nMain-loop lag (${m.chats} streams + listings of ${m.conversations.toLocaleString('en')} conversations): core in its own process p99 ${plain(m.relayed.p99)}, max ${plain(m.relayed.max)}, longest relay task ${plain(m.relayed.longestRelayTask)}; core on the main thread p99 ${plain(m.inProcess.p99)}, max ${plain(m.inProcess.max)}.`)
}
const known = new Set(['overhead', 'doors.flood', 'doors.paced', 'history', 'failover', 'mainLoop'])
for (const [k, v] of Object.entries(r)) if (!known.has(k)) console.log(`\n${k}: ${JSON.stringify(v)}`)
const any = Object.values(r)[0]
if (any?.machine) console.log(`\nMachine: ${any.machine.cpu}, ${any.machine.cores} cores, ${any.machine.memoryGiB} GiB, Node ${any.machine.node}; measured ${any.measuredAt.slice(0, 10)}.`)
