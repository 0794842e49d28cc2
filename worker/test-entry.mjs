// SPDX-License-Identifier: MIT
// The worker as the tests run it (tests/js/helpers/worker.mjs bundles this file, not index.mjs):
// the production entry with fault injection (test-faults.mjs) under every request and the
// scheduled sweep. Without the QREDGE_TEST_* bindings env passes through untouched.
import worker from './index.mjs';
import { withFaults } from './test-faults.mjs';

export default {
  fetch: (request, env, ctx) => worker.fetch(request, withFaults(env, request), ctx),
  scheduled: (controller, env, ctx) => worker.scheduled(controller, withFaults(env, null), ctx),
};
