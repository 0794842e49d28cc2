// SPDX-License-Identifier: MIT
// The Workers adapter (production entry, wrangler.toml `main`): requests go to the pure handler;
// the cron trigger resumes batches whose runtime went away mid-way and makes the webhook
// attempts that are due.
import { init } from 'qredge';
import { handle } from './app.mjs';
import { ensureSchema } from './store/schema.mjs';
import { resumeStaleBatches } from './batches/lease.mjs';
import { sweepWebhooks } from './webhooks/deliver.mjs';

export default {
  fetch: handle,
  async scheduled(_controller, env, ctx) {
    await init();
    await ensureSchema(env.DB);
    ctx.waitUntil(resumeStaleBatches(env));
    ctx.waitUntil(sweepWebhooks(env));  // webhook retries that are due; the delivery log's old rows
  },
};
