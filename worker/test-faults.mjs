// SPDX-License-Identifier: MIT
// Fault injection for tests, applied by the test entry (test-entry.mjs) only; the production
// entry (index.mjs) never loads it.
//
// Storage faults (docs/security.md, tests/js/worker-faults.test.mjs), when the
// QREDGE_TEST_DB_FAIL binding is set.
// The binding is JSON: { "<scenario>": [rule, …], … }. A request chooses a scenario with the
// header `x-qredge-test-fault: <scenario>`; the scenario "*" applies to every request. A rule
// is { "match": "<regex on the SQL>", "skip": N, "times": M }: of the statements whose SQL
// matches, the first N succeed, the next M fail (M absent: all of them). Counts are per request
// (its background work included), so one worker serves every scenario of a test file.
//
// A failing statement is not faked: it is swapped for a statement on a table that does not
// exist and sent to the real D1, so the error is a real `D1_ERROR` and a failure inside
// `DB.batch()` exercises D1's own rollback of the statements before it.
const FAILING_SQL = 'SELECT * FROM "qredge injected fault"';

function parseFaultRules(binding, request) {
  const scenarios = typeof binding === 'string' ? JSON.parse(binding) : binding;
  const chosen = request?.headers.get('x-qredge-test-fault');
  const rules = [...(scenarios['*'] ?? []), ...(chosen ? scenarios[chosen] ?? [] : [])];
  return rules.map((r) => ({ re: new RegExp(r.match ?? '', 'i'), skip: r.skip ?? 0, times: r.times ?? Infinity, seen: 0 }));
}

/** A D1Database look-alike over `db` that fails statements under `rules`. */
function faultyDatabase(db, rules) {
  const fails = (sql) => {
    let fail = false;
    for (const r of rules) {
      if (!r.re.test(sql)) continue;
      r.seen++;
      if (r.seen > r.skip && r.seen <= r.skip + r.times) fail = true;
    }
    return fail;
  };
  const real = (sql, args) => {
    const s = db.prepare(sql);
    return args.length ? s.bind(...args) : s;
  };
  const statement = (sql, args = []) => ({
    sql, args,
    bind: (...values) => statement(sql, values),
    // Decided when the statement runs, not when it is prepared: that is when D1 would fail.
    resolve: () => (fails(sql) ? db.prepare(FAILING_SQL) : real(sql, args)),
    first: (column) => statement(sql, args).resolve().first(column),
    run: () => statement(sql, args).resolve().run(),
    all: () => statement(sql, args).resolve().all(),
    raw: (options) => statement(sql, args).resolve().raw(options),
  });
  return {
    prepare: (sql) => statement(sql),
    batch: (statements) => db.batch(statements.map((s) => s.resolve())),
    exec: (sql) => (fails(sql) ? db.exec(FAILING_SQL) : db.exec(sql)),
    dump: () => db.dump(),
  };
}

/**
 * A runtime that dies mid-batch (tests/js/worker-resilience.test.mjs), when the
 * QREDGE_TEST_CRASH_AFTER binding is N: the work of one request (its background work included)
 * stops with an exception when it is about to make its (N+1)th code, leaving what it has not
 * committed uncommitted, as a runtime that went away would.
 */
function crashingDatabase(db, after) {
  let made = 0;
  return {
    prepare(sql) {
      if (/^INSERT OR IGNORE INTO qr_codes/.test(sql) && ++made > after) throw new Error('fault injected: the runtime stopped mid-batch');
      return db.prepare(sql);
    },
    batch: (statements) => db.batch(statements),
    exec: (sql) => db.exec(sql),
    dump: () => db.dump(),
  };
}

/** env with DB wrapped for this request (`request` null: the scheduled sweep), or env itself when no fault applies. */
export function withFaults(env, request) {
  let db = env.DB;
  if (env.QREDGE_TEST_DB_FAIL) {
    const rules = parseFaultRules(env.QREDGE_TEST_DB_FAIL, request);
    if (rules.length) db = faultyDatabase(db, rules);
  }
  if (env.QREDGE_TEST_CRASH_AFTER !== undefined) db = crashingDatabase(db, Number(env.QREDGE_TEST_CRASH_AFTER));
  return db === env.DB ? env : { ...env, DB: db };
}
