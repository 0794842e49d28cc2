// SPDX-License-Identifier: MIT
// CommonJS entry: the same API, loaded from the ESM build on first init().
'use strict';
let api = null;
const need = () => {
  if (!api) throw new Error('call `await init()` before using qredge');
  return api;
};
module.exports = {
  VERSION: '0.1.0',
  async init(options) {
    api ??= await import('./node.mjs');
    module.exports.QredgeError = api.QredgeError;
    return api.init(options);
  },
  validateBatch: (...args) => need().validateBatch(...args),
  render: (...args) => need().render(...args),
  renderBatch: (...args) => need().renderBatch(...args),
  renderPayload: (...args) => need().renderPayload(...args),
};
