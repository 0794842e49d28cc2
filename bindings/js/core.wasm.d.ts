// SPDX-License-Identifier: MIT
// `import wasmModule from 'qredge/core.wasm'`: with a bundler rule that turns .wasm imports
// into compiled modules (wrangler's default CompiledWasm rule), the value to pass to
// `init({ wasmModule })`. Node cannot import .wasm this way; there `init()` reads the file.
import type { WasmModule } from './index.js';

declare const wasmModule: WasmModule;
export default wasmModule;
