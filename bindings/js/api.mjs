// SPDX-License-Identifier: MIT
// The runtime-independent JavaScript API over the wasm core (API.md §5). Each entry point
// (node.mjs, browser.mjs, worker.mjs) only decides how the .wasm is obtained.
import createCore from './core.mjs';

export { VERSION, WASM_SHA256 } from './build-info.mjs';

/** An Error with a stable `code` and, for input errors, a JSON-pointer `path`. */
export class QredgeError extends Error {
  constructor(code, message, path = '', errors = undefined) {
    super(message);
    this.name = 'QredgeError';
    this.code = code;
    this.path = path;
    if (errors) this.errors = errors;
  }
}

const utf8 = new TextDecoder();
const FORMATS = ['svg', 'png', 'pdf', 'eps'];
const utf8Encoder = new TextEncoder();

const toJsonText = (value, what) => {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value ?? {});
  } catch (cause) {
    throw new QredgeError('invalid_json', `${what} cannot be serialised as JSON: ${cause.message}`);
  }
};

// Module arguments for Emscripten's createCore: never a network default of our own.
function moduleArgs({ wasmModule, wasmBinary } = {}) {
  if (wasmModule) {
    return {
      locateFile: (p) => p,
      instantiateWasm(imports, ok) {
        WebAssembly.instantiate(wasmModule, imports).then((instance) => ok(instance, wasmModule));
        return {};
      },
    };
  }
  if (wasmBinary) return { wasmBinary, locateFile: (p) => p };
  return {};
}

/**
 * Builds the API for one runtime. `defaultSource()` returns `{ wasmModule }`, `{ wasmBinary }`
 * or `{}` (let the glue fetch core.wasm beside itself) when `init()` is called without options.
 */
export function createApi(defaultSource) {
  let corePromise = null;
  let core = null;

  async function init(options = {}) {
    corePromise ??= (async () => {
      const source = options.wasmModule || options.wasmBinary ? options : await defaultSource();
      core = await createCore(moduleArgs(source));
      return core;
    })().catch((error) => {
      corePromise = null;  // a failed load may be retried
      throw error;
    });
    await corePromise;
  }

  const requireCore = () => {
    if (!core) throw new QredgeError('not_initialized', 'call `await init()` before using qredge');
    return core;
  };

  function validateBatch(request, options = {}) {
    // Embind would quietly re-pair a lone surrogate with its neighbour; refuse it here instead.
    if (typeof request === 'string' && !request.isWellFormed()) {
      const at = [...request].findIndex((ch) => !ch.isWellFormed());
      return { ok: false, items: [], errors: [{ path: '', code: 'invalid_utf8',
        message: `the request text has a lone UTF-16 surrogate at character ${at}, which is not valid Unicode` }] };
    }
    const c = requireCore();
    // The request goes in as UTF-8 written straight into wasm memory (the core frees it), and
    // the result comes back as a view of its JSON text: no per-byte JS loops either way.
    const bytes = utf8Encoder.encode(toJsonText(request, 'the request'));
    const at = c._malloc(Math.max(bytes.length, 1));
    if (!at) throw new QredgeError('out_of_memory', `no memory for a request of ${bytes.length} bytes`);
    c.HEAPU8.set(bytes, at);
    return JSON.parse(utf8.decode(c.validateBatchBytes(at, bytes.length, JSON.stringify(options))));
  }

  // The design and output loaded into the core (prepareRender), as JSON text: a batch sends
  // them once, and each item then sends only its payload.
  let prepared = null;

  function renderValidated(payload, design, output) {
    const c = requireCore();
    if (prepared?.design !== design || prepared?.output !== output) {
      prepared = null;
      const e = c.prepareRender(design, output);
      if (!e.ok) throw new QredgeError(e.code, e.message, e.path);
      prepared = { design, output };
    }
    const meta = c.renderPrepared(payload);
    if (meta < 0) {
      const e = c.lastError();
      throw new QredgeError(e.code, e.message, e.path);
    }
    // A view into wasm memory, valid until the next call into the core: copied (PNG) or
    // decoded (SVG) here and now.
    const view = c.lastImage();
    // meta: modules << 16 | version << 8 | format << 3 | ECC index (bindings/embind.cpp pack_meta)
    const format = FORMATS[meta >> 3 & 3];
    // SVG is text; PNG, PDF and EPS are files, handed out as bytes.
    const data = format === 'svg' ? utf8.decode(view) : view.slice();
    const ecc = 'LMQH'[meta & 3];
    return {
      format,
      data,
      version: meta >> 8 & 0xff,
      modules: meta >> 16,
      effective_error_correction: ecc,
      scan: scanOf(c.lastScan(), ecc),
    };
  }

  const itemError = (error) => ({ ...error, path: error.path.replace(/^\/items\/0(?=\/|$)/, '') });

  function render(target, design = {}, output = {}) {
    const v = validateBatch({ items: [{ target }], design, output });
    if (!v.ok) {
      const e = v.errors[0];
      throw new QredgeError(e.code, e.message, e.path, v.errors);
    }
    const item = v.items[0];
    if (!item.ok) {
      const e = itemError(item.error);
      throw new QredgeError(e.code, e.message, e.path);
    }
    const rendered = renderValidated(item.payload, toJsonText(design, 'design'), toJsonText(output, 'output'));
    return { type: item.type, payload: item.payload, ...rendered };
  }

  async function* renderBatch(request, outputOverrides = {}) {
    let parsed = typeof request === 'string' ? safeParse(request) : request;
    // Overrides are part of the request, so a bad one is a request-level error, not N item errors.
    const hasOverrides = outputOverrides && Object.keys(outputOverrides).length > 0;
    if (hasOverrides && parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const output = parsed.output && typeof parsed.output === 'object' ? parsed.output : {};
      parsed = { ...parsed, output: { ...output, ...outputOverrides } };
    }
    const v = validateBatch(parsed);
    if (!v.ok) {
      const e = v.errors[0];
      throw new QredgeError(e.code, e.message, e.path, v.errors);
    }
    // The validated, normalised design (a template's, when the host resolved one).
    const designText = JSON.stringify(v.design ?? {});
    const outputText = JSON.stringify(v.output ?? { ...(parsed.output ?? {}), ...outputOverrides });
    for (const item of v.items) {
      const base = { index: item.index, name: item.name, type: item.type, kind: item.kind };
      if (!item.ok) {
        yield { ...base, ok: false, error: item.error };
        continue;
      }
      try {
        yield { ...base, ok: true, payload: item.payload, ...renderValidated(item.payload, designText, outputText) };
      } catch (error) {
        if (!(error instanceof QredgeError)) throw error;
        yield { ...base, ok: false, error: { code: error.code, message: error.message, path: `/items/${item.index}` } };
      }
    }
  }

  /**
   * Renders a payload that was already validated (for hosts that store payloads, such as the
   * worker re-rendering a saved code). The design and output are validated again.
   */
  function renderPayload(payload, design = {}, output = {}) {
    return { payload, ...renderValidated(String(payload), toJsonText(design, 'design'), toJsonText(output, 'output')) };
  }

  return { init, validateBatch, render, renderBatch, renderPayload };
}

// The engine's scan report (API.md §7.2) as the API hands it out.
function scanOf(s, ecc) {
  const notes = s.notes ? JSON.parse(s.notes) : { adjustments: [], warnings: [] };
  return {
    effective_error_correction: ecc,
    px_per_module: s.px_per_module,
    contrast_ratio: s.contrast_ratio,
    logo_block_load: s.logo_block_load < 0 ? null : s.logo_block_load,
    adjustments: notes.adjustments,
    warnings: notes.warnings,
  };
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;  // validateBatch reports invalid_json with the position
  }
}
