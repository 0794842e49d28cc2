// SPDX-License-Identifier: MIT
// The runtime-independent JavaScript API over the wasm core (API.md §5, docs/engine-api.md).
// Each entry point (node.mjs, browser.mjs, worker.mjs) only decides how the .wasm is obtained.
//
// Every call into the core returns its own result (bindings/embind.cpp): JSON goes in as UTF-8
// bytes that the core copies, results come out as strings or byte copies, and JS never
// allocates wasm memory.
// Whatever can throw in JS (JSON.stringify of a caller's value) runs before the core is called.
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

const utf8Encoder = new TextEncoder();
const NO_BYTES = new Uint8Array(0);
const ECC = 'LMQH';
const FORMATS = ['svg', 'png', 'pdf', 'eps'];  // the core's format numbers
// Designs and outputs the core holds ready to draw, remembered here by their JSON text so that
// a design sent again is neither sent nor validated again (the core's cache is the same size).
const PREPARED_KEPT = 4;

const toJsonText = (value, what) => {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value ?? {});
  } catch (cause) {
    throw new QredgeError('invalid_json', `${what} cannot be serialised as JSON: ${cause.message}`);
  }
};

// A lone UTF-16 surrogate would become U+FFFD on the way to UTF-8: refuse it instead.
function surrogateError(text, what, path) {
  if (text.isWellFormed()) return null;
  const at = [...text].findIndex((ch) => !ch.isWellFormed());
  return { path, code: 'invalid_utf8',
    message: `${what} has a lone UTF-16 surrogate at character ${at}, which is not valid Unicode` };
}

// The JSON text of one piece given to a validate function (the value, or its JSON text), or
// the error that stops it: a validate function reports bad input, it does not throw it.
function pieceText(value, noun, path) {
  if (typeof value === 'string') {
    const e = surrogateError(value, `the ${noun} text`, path);
    return e ? { errors: [e] } : { text: value };
  }
  try {
    return { text: JSON.stringify(value) ?? '' };
  } catch (cause) {
    return { errors: [{ path, code: 'invalid_json', message: `the ${noun} cannot be serialised as JSON: ${cause.message}` }] };
  }
}

function basePath(path, fallback) {
  if (path === undefined) return fallback;
  if (typeof path !== 'string' || (path !== '' && !path.startsWith('/'))) {
    throw new QredgeError('invalid_option', `\`path\` must be a JSON pointer ('' or starting with '/'), not ${JSON.stringify(path)}`);
  }
  return path;
}

const errorOf = (errors, all = false) => {
  const e = errors[0];
  return new QredgeError(e.code, e.message, e.path, all ? errors : undefined);
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

// renderBatch's `threads`: undefined (the runtime decides) or a whole number from 1 to MAX_THREADS.
const MAX_THREADS = 64;
function threadsOption(options) {
  const threads = options?.threads;
  if (threads === undefined || (Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS)) return threads;
  throw new QredgeError('invalid_option', `\`threads\` must be a whole number from 1 to ${MAX_THREADS}, not ${JSON.stringify(threads) ?? String(threads)}`);
}

// renderBatch's `files`: undefined or a function giving an image's path (node-threads.mjs).
function filesOption(options) {
  const files = options?.files;
  if (files === undefined || typeof files === 'function') return files;
  throw new QredgeError('invalid_option', `\`files\` must be a function that gives an item's file path, not ${typeof files}`);
}

/**
 * Builds the API for one runtime. `defaultSource()` returns `{ wasmModule }`, `{ wasmBinary }`
 * or `{}` (let the glue fetch core.wasm beside itself) when `init()` is called without options.
 * `threads` (Node only, node-threads.mjs) spreads renderBatch over threads:
 * `{ count(requested, validatedBatch), early(requested, source), render(batch, { threads, source, files, early, here }) }`.
 */
export function createApi(defaultSource, threads = null) {
  let corePromise = null;
  let core = null;
  let source = null;  // what init() loaded the engine from: render threads load the same engine

  async function init(options = {}) {
    corePromise ??= (async () => {
      const from = options.wasmModule || options.wasmBinary ? options : await defaultSource();
      core = await createCore(moduleArgs(from));
      source = from;
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

  // --- validation -----------------------------------------------------------------------------

  // `prepare`: also keep the validated design ready to draw (renderBatch); `id` names it.
  function validateBatchFor(request, options, prepare) {
    if (typeof request === 'string') {
      const e = surrogateError(request, 'the request text', '');
      if (e) return { result: { ok: false, items: [], errors: [e] }, id: 0 };
    }
    const c = requireCore();
    const requestBytes = utf8Encoder.encode(toJsonText(request, 'the request'));
    const template = options?.template_design;
    let templateBytes = NO_BYTES;
    if (template !== undefined) {
      try {
        templateBytes = utf8Encoder.encode(JSON.stringify(template));
      } catch (cause) {
        throw new QredgeError('invalid_json', `the template design cannot be serialised as JSON: ${cause.message}`);
      }
    }
    const r = c.validateBatch(requestBytes, { dynamic_available: options?.dynamic_available === true,
      has_template_design: template !== undefined, template_design: templateBytes, prepare });
    return { result: JSON.parse(r.json), id: r.render_id };
  }

  function validateBatch(request, options = {}) {
    return validateBatchFor(request, options, false).result;
  }

  function validatePiece(value, path, noun, call) {
    const piece = pieceText(value === undefined ? {} : value, noun, path);
    const c = requireCore();
    if (piece.errors) return { ok: false, errors: piece.errors };
    const r = c[call](utf8Encoder.encode(piece.text), path);
    return r.ok ? { ok: true, [noun]: JSON.parse(r.value) } : { ok: false, errors: JSON.parse(r.errors) };
  }

  function validateDesign(design, options = {}) {
    return validatePiece(design, basePath(options?.path, '/design'), 'design', 'validateDesign');
  }

  function validateOutput(output, options = {}) {
    return validatePiece(output, basePath(options?.path, '/output'), 'output', 'validateOutput');
  }

  function validateMetadata(fields, options = {}) {
    return validatePiece(fields, basePath(options?.path, ''), 'metadata', 'validateMetadata');
  }

  function targetResult(c, bytes, path, dynamicAvailable, eccIndex) {
    const r = c.validateTarget(bytes, { path, dynamic_available: dynamicAvailable, error_correction: eccIndex });
    return r.ok ? { ok: true, type: r.type, kind: r.kind, payload: r.payload }
      : { ok: false, type: r.type, kind: r.kind, errors: JSON.parse(r.errors) };
  }

  function validateTarget(target, options = {}) {
    const base = basePath(options?.path, '');
    const dynamicAvailable = options?.dynamic_available ?? false;
    const ecc = options?.error_correction ?? 'Q';
    const eccIndex = typeof ecc === 'string' && ecc.length === 1 ? ECC.indexOf(ecc) : -1;
    if (eccIndex < 0) throw new QredgeError('invalid_option', `\`error_correction\` must be L, M, Q or H, not ${JSON.stringify(ecc)}`);
    const piece = target === undefined ? { text: '' } : pieceText(target, 'target', base);
    const c = requireCore();
    if (piece.errors) return { ok: false, type: '', kind: '', errors: piece.errors };
    return targetResult(c, utf8Encoder.encode(piece.text), base, dynamicAvailable === true, eccIndex);
  }

  // --- rendering ------------------------------------------------------------------------------

  // { design, output, id, ecc } for the JSON texts the core prepared, most recent first.
  const prepared = [];

  function remember(entry) {
    prepared.unshift(entry);
    if (prepared.length > PREPARED_KEPT) prepared.pop();
    return entry;
  }

  function prepareCore(c, designText, outputText) {
    const bad = surrogateError(designText, 'the design text', '/design') ?? surrogateError(outputText, 'the output text', '/output');
    if (bad) throw errorOf([bad], true);
    const r = c.prepareRender(utf8Encoder.encode(designText), utf8Encoder.encode(outputText));
    if (!r.ok) throw errorOf(JSON.parse(r.errors), true);
    return r;
  }

  // The core's id for this design and output text, validating them only when they are new.
  function prepare(c, designText, outputText) {
    const i = prepared.findIndex((p) => p.design === designText && p.output === outputText);
    if (i >= 0) {
      const hit = prepared[i];
      if (i > 0) prepared.unshift(...prepared.splice(i, 1));
      return hit;
    }
    const r = prepareCore(c, designText, outputText);
    return remember({ design: designText, output: outputText, id: r.id, ecc: r.error_correction });
  }

  // The core's answer to `call(id)` (renderPrepared or renderTarget) for the entry's prepared
  // design; an error is thrown.
  function drawWith(c, entry, call) {
    let r = call(entry.id);
    if (!r.ok && JSON.parse(r.errors)[0].code === 'not_prepared') {
      // The core let this design go (its cache is bounded): validate the same text again.
      entry.id = prepareCore(c, entry.design, entry.output).id;
      r = call(entry.id);
    }
    if (!r.ok) throw errorOf(JSON.parse(r.errors));
    return r;
  }

  // The drawn code's fields added to `into` (whose own keys come first) rather than spread into
  // a new object: one object per code instead of two.
  function renderedOf(r, into) {
    const ecc = ECC[r.error_correction];
    into.format = FORMATS[r.format];
    into.data = r.data;
    into.version = r.version;
    into.modules = r.modules;
    into.effective_error_correction = ecc;
    into.scan = scanOf(r, ecc);
    return into;
  }

  // With `view`, a file's bytes are a view of wasm memory, valid until the next draw: for a
  // caller that writes them to a file at once (node-threads.mjs, renderBatch's `files`).
  const draw = (c, entry, payload, into, view = false) =>
    renderedOf(drawWith(c, entry, (id) => (view ? c.renderPreparedView(id, payload) : c.renderPrepared(id, payload))), into);

  function render(target, design = {}, output = {}) {
    const designText = toJsonText(design, 'design');
    const outputText = toJsonText(output, 'output');
    let targetText = '';
    if (target !== undefined) {
      try {
        targetText = JSON.stringify(target);
      } catch (cause) {
        throw new QredgeError('invalid_json', `the target cannot be serialised as JSON: ${cause.message}`, '/target');
      }
    }
    const c = requireCore();
    // Design and output first: a request-level problem comes before an item's (validateBatch).
    // The design and output are validated only when their text is new (`prepare`); the target
    // is validated at /target (at the design's error correction) and drawn in one core call.
    const entry = prepare(c, designText, outputText);
    const targetBytes = utf8Encoder.encode(targetText);
    const r = drawWith(c, entry, (id) => c.renderTarget(id, targetBytes));
    return renderedOf(r, { type: r.type, payload: r.payload });
  }

  // One item of a validated batch as renderBatch yields it: refused by validation, or drawn
  // here (its image, or its error at /items/<index>; `view` as for draw).
  function itemResult(entry, item, view = false) {
    const base = { index: item.index, name: item.name, type: item.type, kind: item.kind };
    if (!item.ok) return { ...base, ok: false, error: item.error };
    try {
      return draw(requireCore(), entry, item.payload, { ...base, ok: true, payload: item.payload }, view);
    } catch (error) {
      if (!(error instanceof QredgeError)) throw error;
      return { ...base, ok: false, error: { code: error.code, message: error.message, path: `/items/${item.index}` } };
    }
  }

  async function* renderBatch(request, outputOverrides = {}, options = {}) {
    const requested = threadsOption(options);
    const files = filesOption(options);
    let parsed = typeof request === 'string' ? safeParse(request) : request;
    // Overrides are part of the request, so a bad one is a request-level error, not N item errors.
    const hasOverrides = outputOverrides && Object.keys(outputOverrides).length > 0;
    if (hasOverrides && parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const output = parsed.output && typeof parsed.output === 'object' ? parsed.output : {};
      parsed = { ...parsed, output: { ...output, ...outputOverrides } };
    }
    // A number of threads given: they start loading their engines while the request is validated.
    const early = requested > 1 && threads?.early ? threads.early(requested, source) : null;
    let v;
    let id;
    try {
      ({ result: v, id } = validateBatchFor(parsed, {}, true));
      if (!v.ok) throw errorOf(v.errors, true);
    } catch (error) {
      for (const worker of early ?? []) worker.terminate();
      throw error;
    }
    // The core keeps the design it just validated (a template's, when the host resolved one)
    // ready to draw under `id`: no item validates or decodes it again. Its text is remembered
    // too, in case the core lets it go while this generator is suspended.
    const entry = remember({ design: JSON.stringify(v.design), output: JSON.stringify(v.output), id,
      ecc: ECC.indexOf(v.effective_error_correction) });
    const count = threads ? threads.count(requested, v) : 1;
    if (count === 1) for (const worker of early ?? []) worker.terminate();
    if (count > 1) {
      // Render threads draw the same texts with engines of their own (node-threads.mjs); with
      // `files`, each thread writes the images it draws.
      yield* threads.render({ items: v.items, design: entry.design, output: entry.output },
        { threads: count, source, files, early, here: (item, view) => itemResult(entry, item, view) });
      return;
    }
    for (const item of v.items) yield itemResult(entry, item);
  }

  /**
   * Renders a payload that was already validated (for hosts that store payloads, such as the
   * worker re-rendering a saved code). The design and output are validated when their text is
   * new to the engine.
   */
  function renderPayload(payload, design = {}, output = {}) {
    const designText = toJsonText(design, 'design');
    const outputText = toJsonText(output, 'output');
    const c = requireCore();
    return draw(c, prepare(c, designText, outputText), String(payload), { payload });
  }

  // renderPayload with a file's bytes as a view of wasm memory, valid until the next draw; for
  // node-thread.mjs, which writes them to a file at once. Not exported by the package.
  function renderPayloadView(payload, design, output) {
    const c = requireCore();
    return draw(c, prepare(c, design, output), String(payload), { payload }, true);
  }

  return { init, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget, render, renderBatch, renderPayload,
    renderPayloadView };
}

// The engine's scan report (API.md §7.2) as the API hands it out.
function scanOf(r, ecc) {
  const notes = r.notes ? JSON.parse(r.notes) : { adjustments: [], warnings: [] };
  return {
    effective_error_correction: ecc,
    px_per_module: r.px_per_module,
    contrast_ratio: r.contrast_ratio,
    logo_block_load: r.logo_block_load < 0 ? null : r.logo_block_load,
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
