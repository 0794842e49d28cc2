// SPDX-License-Identifier: MIT
// The load test's quick mode (scripts/load-lib.mjs, the code scripts/load-test.mjs runs): 20
// clients stream 50-item batches from the worker in workerd while readers fetch
// batches, codes, downloads and redirects. Asserts zero errors, every item stored exactly once
// and every code decodable; timing is reported, never asserted (the machine is shared).
import { runLoad, formatReport, QUICK } from '../../scripts/load-lib.mjs';

// The timeout is generous: start-up, the load (capped at QUICK.seconds) and the verification
// each take much longer on a busy 2-core machine than on a quiet one.
test('20 concurrent streamed batches: no errors, every item stored once, every code scans', async () => {
  const r = await runLoad({ ...QUICK });
  console.log(formatReport(r));
  expect(r.errors).toEqual([]);
  expect(r.dataErrors).toEqual([]);
  const total = QUICK.clients * QUICK.items;
  expect(r.itemLines).toBe(total);
  expect(r.batchesCompleted).toBe(QUICK.clients);
  expect(r.verify).toMatchObject({ itemsAccounted: total, itemsMissing: 0, d1CodesChecked: total,
    d1DuplicateShortCodes: 0, d1ItemsNotDone: 0, d1PendingLists: 0, d1BatchesNotCompleted: 0 });
  expect(r.verify.d1DistinctShortCodes).toBe(r.verify.d1Codes);
  expect(r.decode.streamed).toBe(total);
  expect(r.decode.failures).toBe(0);
  expect(r.decode.decoded).toBe(r.decode.total);
  expect(r.ok).toBe(true);
}, 300_000);
