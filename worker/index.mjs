// SPDX-License-Identifier: MIT
// The Workers adapter: everything lives in the pure handler; the cron trigger resumes batches
// whose runtime went away mid-way and makes the webhook attempts that are due.
// QREDGE_TEST_DB_FAIL (tests only) wraps DB with injected storage faults; without it env
// passes through untouched.
import { handle } from './app.mjs';
import { ensureSchema } from './schema.mjs';
import { resumeStaleBatches } from './batches.mjs';
import { sweepWebhooks } from './webhooks/deliver.mjs';
import { withFaults } from './faults.mjs';
import { init } from '../dist/worker.mjs';

const testEnv = (env, request) => (env.QREDGE_TEST_DB_FAIL ? withFaults(env, request) : env);

export default {
  fetch: (request, env, ctx) => handle(request, testEnv(env, request), ctx),
  async scheduled(_controller, env, ctx) {
    await init();
    env = testEnv(env, null);
    await ensureSchema(env.DB);
    ctx.waitUntil(resumeStaleBatches(env));
    ctx.waitUntil(sweepWebhooks(env));  // webhook retries that are due; the delivery log's old rows
  },
};
