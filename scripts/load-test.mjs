#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// The load test (issue 8): many clients stream 1000-item batches from the worker in workerd
// (wrangler dev on 127.0.0.1) while others read, then every item is checked in the API and in
// D1 and every code is decoded. Prints a summary table; exits 1 on any error or data loss.
//   node scripts/load-test.mjs [--clients 20] [--items 1000] [--readers 4] [--seconds 600]
//        [--keys N] [--rate-limit N] [--decode all|N] [--seed N] [--ref COMMIT] [--runtime wrangler|miniflare]
//        [--quick] [--json FILE] [--keep-state]
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { runLoad, formatReport, FULL, QUICK } from './load-lib.mjs';

const usage = `usage: node scripts/load-test.mjs [options]
  --clients N      streaming clients, one batch each (default ${FULL.clients}; --quick ${QUICK.clients})
  --items N        items per batch, 1–1000 (default ${FULL.items}; --quick ${QUICK.items})
  --readers N      clients doing GET batch / GET code / download / redirect (default ${FULL.readers})
  --seconds N      cap on the load phase; reaching it is a failure (default ${FULL.seconds}; --quick ${QUICK.seconds})
  --keys N         API keys, one workspace each, shared round-robin by the clients (default: one per client)
  --rate-limit N   RATE_LIMIT_PER_MINUTE for the worker (default: the worker's own, 600)
  --decode all|N   decode every image (default) or a random sample of N
  --seed N         seed of the random choices (default 1)
  --ref COMMIT     run worker/ as committed at COMMIT instead of the working tree
  --runtime R      wrangler (default: wrangler dev, as npm start) or miniflare (workerd through Miniflare)
  --quick          the small run the test command uses: ${QUICK.clients} clients × ${QUICK.items} items
  --json FILE      also write the figures as JSON
  --keep-state     keep the temporary state folder and print its path`;

let args;
try {
  args = parseArgs({ options: {
    clients: { type: 'string' }, items: { type: 'string' }, readers: { type: 'string' }, seconds: { type: 'string' },
    keys: { type: 'string' }, 'rate-limit': { type: 'string' }, decode: { type: 'string' }, seed: { type: 'string' },
    ref: { type: 'string' }, runtime: { type: 'string', default: 'wrangler' }, quick: { type: 'boolean', default: false }, json: { type: 'string' },
    'keep-state': { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  } }).values;
} catch (e) {
  console.error(`load-test: ${e.message}\n${usage}`);
  process.exit(2);
}
if (args.help) { console.log(usage); process.exit(0); }

const int = (name, min, max) => {
  if (args[name] === undefined) return undefined;
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) { console.error(`load-test: --${name} must be an integer from ${min} to ${max}`); process.exit(2); }
  return n;
};
const options = { ...(args.quick ? QUICK : FULL) };
for (const [name, key, min, max] of [['clients', 'clients', 1, 500], ['items', 'items', 1, 1000], ['readers', 'readers', 0, 100],
  ['seconds', 'seconds', 1, 7200], ['keys', 'keys', 1, 500], ['rate-limit', 'rateLimit', 1, 10_000_000], ['seed', 'seed', 0, 2 ** 31]]) {
  const v = int(name, min, max);
  if (v !== undefined) options[key] = v;
}
if (args.decode !== undefined) {
  if (args.decode !== 'all' && !/^\d+$/.test(args.decode)) { console.error('load-test: --decode must be all or a number'); process.exit(2); }
  options.decode = args.decode;
}
if (args.ref) options.ref = args.ref;
if (!['wrangler', 'miniflare'].includes(args.runtime)) { console.error('load-test: --runtime must be wrangler or miniflare'); process.exit(2); }
options.runtime = args.runtime;
options.keepState = args['keep-state'];
const interrupt = new AbortController();
process.once('SIGINT', () => interrupt.abort());
options.signal = interrupt.signal;
options.log = (line) => console.error(line);

let result;
try {
  result = await runLoad(options);
} catch (e) {
  console.error(`load-test: ${e.stack ?? e}`);
  process.exit(1);
}
console.log(formatReport(result));
if (result.workDir) console.log(`state kept in ${result.workDir}`);
if (args.json) writeFileSync(args.json, `${JSON.stringify(result, null, 2)}\n`);
process.exit(result.ok ? 0 : 1);
