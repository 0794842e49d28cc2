// SPDX-License-Identifier: MIT
// Emscripten does not export its Memory: wrap WebAssembly.instantiate (call this before the
// engine is imported) to keep the first instance's memory. Returns a getter for it (null until
// the engine is instantiated). The memory only grows, so its size at the end is the peak.
export function watchWasmMemory() {
  let memory = null;
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate(...args);
    const instance = result.instance ?? result;
    memory ??= Object.values(instance.exports).find((e) => e instanceof WebAssembly.Memory) ?? null;
    return result;
  };
  return () => memory;
}
