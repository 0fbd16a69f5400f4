/**
 * `npm run bench`: the ledger verification benchmark (`npm run bench:load` runs the load test on
 * its own, as it starts servers). Benchmarks print figures; they are not
 * tests and assert nothing about speed (the machine is shared: compare ratios within one run).
 */
import { benchLedgerVerify } from './ledger-verify'

const events = Number(process.env.BENCH_EVENTS ?? 100_000)

async function main() {
  console.log('== ledger verification ==')
  await benchLedgerVerify(events)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
