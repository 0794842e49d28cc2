// SPDX-License-Identifier: MIT
// The Workers adapter: everything lives in the pure handler.
import { handle } from './app.mjs';

export default {
  fetch: (request, env, ctx) => handle(request, env, ctx),
};
