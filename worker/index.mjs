// SPDX-License-Identifier: MIT
// The Workers adapter: everything lives in the pure handler; the cron trigger resumes batches
// whose runtime went away mid-way.
import { handle } from './app.mjs';
import { ensureSchema } from './schema.mjs';
import { resumeStaleBatches } from './batches.mjs';
import { init } from '../dist/worker.mjs';

export default {
  fetch: (request, env, ctx) => handle(request, env, ctx),
  async scheduled(_controller, env, ctx) {
    await init();
    await ensureSchema(env.DB);
    ctx.waitUntil(resumeStaleBatches(env));
  },
};
