// SPDX-License-Identifier: MIT
// The Workers adapter (production entry, wrangler.toml `main`): requests go to the pure handler;
// the cron trigger resumes batches whose runtime went away mid-way.
import { init } from 'qredge';
import { handle } from './app.mjs';
import { ensureSchema } from './store/schema.mjs';
import { resumeStaleBatches } from './batches/lease.mjs';

export default {
  fetch: handle,
  async scheduled(_controller, env, ctx) {
    await init();
    await ensureSchema(env.DB);
    ctx.waitUntil(resumeStaleBatches(env));
  },
};
