// SPDX-License-Identifier: MIT
// CommonJS entry: the ESM entry itself, loaded with require(esm) (Node >= 20.19). CJS and ESM
// callers therefore share one module instance: the same QredgeError class (instanceof works
// across both), the same VERSION/WASM_SHA256, and one init() for both.
'use strict';
module.exports = require('./node.mjs');
