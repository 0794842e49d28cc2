// SPDX-License-Identifier: MIT
// Types of the qredge package, the same for every runtime entry (node, browser, workerd).
// The contract is API.md (§1 request, §2 design, §3 output, §5 JavaScript API).

/** A compiled WebAssembly module, typed without requiring the DOM or Node type libraries. */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** How {@link init} obtains the engine's `core.wasm`. Give at most one of the two fields. */
export interface InitOptions {
  /**
   * A compiled module, e.g. `import wasmModule from 'qredge/core.wasm'` in a Cloudflare Worker
   * (wrangler's CompiledWasm rule). Required wherever compiling wasm from bytes is forbidden.
   */
  wasmModule?: WasmModule;
  /** The bytes of `core.wasm` (an `ArrayBuffer` or a view of it), compiled at `init()`. */
  wasmBinary?: ArrayBuffer | ArrayBufferView;
}

/** Hex colour: `#rgb` or `#rrggbb`, any case (normalised to lower case). */
export type Color = string;

/** The kinds of data a code can hold (API.md §1.1). */
export type TargetType = 'url' | 'text' | 'email' | 'sms' | 'wifi' | 'event' | 'vcard';

/** UTM parameters merged into a url target's query string (API.md §1.2). Empty values are not added. */
export interface Utm {
  /** `utm_source`. */
  source?: string;
  /** `utm_medium`. */
  medium?: string;
  /** `utm_campaign`. */
  campaign?: string;
  /** `utm_term`. */
  term?: string;
  /** `utm_content`. */
  content?: string;
}

/** A phone of a structured vCard: written `TEL;TYPE=<TYPE>:<number>` (API.md §7.1). */
export interface VcardPhone {
  /** `+` and 3–20 digits after removing spaces, dashes, dots and parentheses (written normalised). */
  number: string;
  /** Written upper-case as the TEL type; none when absent. */
  type?: 'cell' | 'home' | 'work' | 'fax' | 'pager' | 'voice';
}

/** The postal address of a structured vCard: one `ADR` line; each part ≤ 255 characters. */
export interface VcardAddress {
  street?: string;
  city?: string;
  region?: string;
  postal_code?: string;
  country?: string;
}

/**
 * What the code encodes. Without `type`, the type is detected from the fields present:
 * `destination` → url, `ssid` → wifi, `email` → email, `phone` → sms, `title`/`start` → event,
 * `text` → text, `first_name`/`last_name`/`organization` → vcard (structured). Fields that do
 * not belong to the type are an error (`field_not_allowed`). Payloads with characters beyond
 * ASCII are encoded with ECI 26 (UTF-8).
 */
export interface Target {
  /** The target type; detected when absent (see above). */
  type?: TargetType;
  /** url: an absolute http(s) URL (≤ 2048 bytes); vcard: the complete `BEGIN:VCARD` text, with LF or CRLF line breaks (written with CRLF); with another explicit type, a pre-encoded payload written as is. */
  destination?: string;
  /** url only: UTM parameters added to the query string. */
  utm?: Utm;
  /** text: the text as is (1 byte up to the code's capacity). */
  text?: string;
  /** email: the address (required for email). */
  email?: string;
  /** email: subject (≤ 255). */
  subject?: string;
  /** email: body (≤ 2000); sms: message (≤ 1000). */
  message?: string;
  /** sms: `+` and 3–20 digits after removing spaces, dashes, dots and parentheses. */
  phone?: string;
  /** wifi: network name, 1–32 bytes. */
  ssid?: string;
  /** wifi: password (WPA: 8–63 characters). */
  password?: string;
  /** wifi: `WPA` (default with a password), `WEP`, `nopass` (default without). */
  encryption?: 'WPA' | 'WEP' | 'nopass';
  /** wifi: hidden network. Default `false`. */
  hidden?: boolean;
  /** event: title (required, ≤ 255). */
  title?: string;
  /** event: location (≤ 255). */
  location?: string;
  /** event: ISO 8601 start (`2026-05-01`, `2026-05-01T18:00`, `…Z`, `…+02:00`); required. */
  start?: string;
  /** event: ISO 8601 end, not before `start`. */
  end?: string;
  /**
   * vcard (structured, instead of `destination`): written as vCard 3.0, text escaped and lines
   * folded at 75 octets. At least one of `first_name`, `last_name`, `organization` is required;
   * each ≤ 255 characters. Empty strings and arrays are left out.
   */
  first_name?: string;
  /** vcard (structured): family name. */
  last_name?: string;
  /** vcard (structured): `ORG`; also the display name when there is no name. */
  organization?: string;
  /** vcard (structured): `TITLE`. */
  job_title?: string;
  /** vcard (structured): at most 10. */
  phones?: VcardPhone[];
  /** vcard (structured): at most 10 addresses, checked like `email`. */
  emails?: string[];
  /** vcard (structured): an absolute http(s) URL (`URL`). */
  website?: string;
  /** vcard (structured): the postal address (`ADR`). */
  address?: VcardAddress;
  /** vcard (structured): `NOTE`, ≤ 2000 characters. */
  note?: string;
}

/** Module shapes. Default `square`. */
export type BodyShape = 'square' | 'rounded' | 'dots' | 'extra-rounded' | 'classy' | 'classy-rounded'
  | 'diamond' | 'vertical-bars' | 'horizontal-bars';
/** Finder-pattern frame shapes. Default `square`. */
export type EyeFrameShape = 'square' | 'rounded' | 'extra-rounded' | 'circle' | 'leaf';
/** Finder-pattern centre shapes. Default `square`. */
export type EyeBallShape = 'square' | 'rounded' | 'circle' | 'diamond' | 'leaf' | 'star';
/** Error-correction levels, lowest to highest redundancy. */
export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/**
 * How the code looks (API.md §2). Every field is optional; unknown fields are an error
 * (`unknown_field`). A design scanners cannot read (contrast under 3:1, or a dark colour
 * lighter than 45 % of the background's luma) is rejected (`unscannable_design`).
 */
export interface Design {
  /** Default `Q`; raised to `H` when a logo is present (see `effective_error_correction`). */
  error_correction?: ErrorCorrection;
  /** Plain colours. */
  colors?: {
    /** Dark modules. Default `#000000`. */
    foreground?: Color;
    /** Light background. Default `#ffffff`. */
    background?: Color;
  };
  /** A gradient over the dark modules instead of `colors.foreground`. Default: none. */
  gradient?: {
    /** Colour at the start (required). */
    start: Color;
    /** Colour at the end (required). */
    end: Color;
    /** Direction. */
    type?: 'linear-top-to-bottom' | 'linear-left-to-right' | 'linear-diagonal' | 'radial';
  };
  /** Shapes of the modules and the three finder patterns. */
  shapes?: {
    /** Default `square`. */
    body?: BodyShape;
    /** Default `square`. */
    eye_frame?: EyeFrameShape;
    /** Default `square`. */
    eye_ball?: EyeBallShape;
  };
  /** Colours of the finder patterns. Default: the body's colour or gradient. */
  eye_colors?: {
    /** Colour of the outer frame. */
    frame?: Color;
    /** Colour of the centre. */
    ball?: Color;
  };
  /** A logo in the middle. Default: none. Offline engines accept data URLs only. */
  logo?: {
    /** `data:image/png;base64,…` or `data:image/jpeg;base64,…` (≤ 512 KiB, ≤ 1024×1024 px); `https://…` only through the worker. */
    url: string;
    /** Logo width as a fraction of the symbol, 0.10–0.30. Default `0.22`. */
    size?: number;
    /** `true`: modules under the logo (plus one module) are not drawn. Default `false`. */
    clear_background?: boolean;
  };
  /** No background is painted (SVG: no rect; PNG: alpha 0). Default `false`. */
  transparent_background?: boolean;
  /**
   * A call-to-action frame around the code, outside its quiet zone (docs/print.md). The text is
   * drawn as outlines (DejaVu Sans Bold, compiled in). Needs `output.margin` ≥ 2.
   */
  frame?: Frame;
}

/** A frame around the code with a short text (docs/print.md). */
export interface Frame {
  /** Default `box`. */
  style?: 'box' | 'banner-bottom' | 'banner-top' | 'rounded' | 'ticket';
  /** At most 40 characters, one line: Latin, Greek, Cyrillic, digits, punctuation. Too wide even on two lines: `frame_text_too_wide`. Default `""`. */
  text?: string;
  /** Frame colour, `#rgb` or `#rrggbb`. Default `#000000`. */
  color?: string;
  /** Text colour. Default `#ffffff`. */
  text_color?: string;
}

/** Image output (API.md §3). */
export interface Output {
  /** `svg` (default), `png`, `pdf` (one vector page) or `eps` (PostScript level 3). */
  format?: 'svg' | 'png' | 'pdf' | 'eps';
  /** The code's square in pixels including the quiet zone, 64–4096 (a frame adds around it). Default `512`. One of `size`, `size_mm`, `size_in`. */
  size?: number;
  /** The code's square in millimetres, 10–1000 (PNG: pixels = size × dpi, 64–4096). */
  size_mm?: number;
  /** The code's square in inches, 0.4–40. */
  size_in?: number;
  /** Pixels per inch, 72–2400: PNG's `pHYs` chunk, and the pixels of a physical size. Default 300 with `size_mm`/`size_in`. */
  dpi?: number;
  /** Quiet zone in modules, 0–16. Default `4`. */
  margin?: number;
}

/** One item of a batch request. Unknown fields are an item error (`unknown_field`). */
export interface BatchItem {
  /** What the code encodes (required). */
  target: Target;
  /** `static` (the offline engine's only kind) or `dynamic` (url items, with a redirect base: the worker). */
  kind?: 'static' | 'dynamic';
  /** Display name, ≤ 255 characters. */
  name?: string;
  /** ≤ 64 characters of `[A-Za-z0-9_-]`. */
  folder_id?: string;
  /** At most 10 tags, each 1–50 characters, no duplicates. */
  tags?: string[];
}

/** A batch request (API.md §1): the body of `POST /v1/batches`. */
export interface BatchRequest {
  /** 1 to 1000 items. */
  items: BatchItem[];
  /** The design for every item. Default: all design defaults. */
  design?: Design;
  /** A saved template that replaces `design` (resolved by the worker; unknown offline). */
  template_id?: string;
  /** Output for every item. Default `{ format: 'svg', size: 512, margin: 4 }`. */
  output?: Output;
}

/** A problem with the input: a stable `code`, a human `message`, and a JSON-pointer `path`. */
export interface ErrorDetail {
  /** Stable machine-readable code, e.g. `invalid_url`, `field_not_allowed`, `too_many_items`. */
  code: string;
  /** One human-readable sentence; wording may change between versions, `code` does not. */
  message: string;
  /** JSON pointer into the request (e.g. `/items/3/target/destination`); `''` for the whole request. */
  path: string;
}

/** The validation result of one item. */
export interface ValidatedItem {
  /** Position in `items`, from 0. */
  index: number;
  /** `false` when the item has an error; the rest of the batch is unaffected. */
  ok: boolean;
  /** The detected or given type; `''` when it could not be determined. */
  type: TargetType | '';
  /** `static` offline; `dynamic` only with `dynamic_available`; `''` when invalid. */
  kind: 'static' | 'dynamic' | '';
  /** The exact text that the code encodes (`''` when the item is invalid). */
  payload: string;
  /** The item's `name`, `''` when none was given. */
  name: string;
  /** The item's `folder_id`, `''` when none was given. */
  folder_id: string;
  /** The item's `tags`, `[]` when none were given. */
  tags: string[];
  /** The target as given. */
  target: Target;
  /** Present when `ok` is false. */
  error?: ErrorDetail;
}

/** The result of {@link validateBatch}. */
export interface ValidationResult {
  /** `true` when the request as a whole is acceptable (items may still have errors). */
  ok: boolean;
  /** Request-level problems; empty when `ok`. */
  errors: ErrorDetail[];
  /** One entry per item, in request order (empty when the request could not be read). */
  items: ValidatedItem[];
  /** The normalised design with every default filled in (when `ok`). */
  design?: Design;
  /** The normalised output (when `ok`). */
  output?: Required<Output>;
  /** The error-correction level actually used. */
  effective_error_correction?: ErrorCorrection;
}

/** Options of {@link validateBatch}, for hosts (the worker); the offline engine needs none. */
export interface ValidateOptions {
  /** A redirect base exists, so url items default to `dynamic`. Default `false`. */
  dynamic_available?: boolean;
  /** The design of the request's `template_id`, resolved by the host. */
  template_design?: Design;
}


/** Options of {@link validateDesign}, {@link validateOutput} and {@link validateMetadata}. */
export interface PieceOptions {
  /**
   * JSON pointer of the value in the caller's document; every error path starts with it.
   * Default `/design` ({@link validateDesign}), `/output` ({@link validateOutput}) or `''`
   * ({@link validateMetadata}).
   */
  path?: string;
}

/** Options of {@link validateTarget}. */
export interface TargetOptions {
  /** JSON pointer of the target in the caller's document (e.g. `/target`). Default `''`. */
  path?: string;
  /** A redirect base exists, so a url target is `dynamic`. Default `false`. */
  dynamic_available?: boolean;
  /**
   * The effective error correction of the design the code will be drawn with (`H` with a
   * logo): a static payload must fit a code at this level (`data_too_long`). Default `Q`.
   */
  error_correction?: ErrorCorrection;
}

/** A piece of a request that did not validate. */
export interface PieceErrors {
  ok: false;
  /** The problems (today always one, the first found), paths under the given base. */
  errors: ErrorDetail[];
}

/** The result of {@link validateDesign}. */
export type DesignValidation = { ok: true; /** Normalised: every default written out, colours lower case. */ design: Design } | PieceErrors;

/** The result of {@link validateOutput}. */
export type OutputValidation = { ok: true; /** Normalised: every default written out. */ output: Required<Output> } | PieceErrors;

/** An item's metadata (API.md §1.4), as {@link validateMetadata} gives it back. */
export interface Metadata {
  /** As given; `''` when not given (the host picks the default name). */
  name: string;
  /** As given; `''` when not given. */
  folder_id: string;
  /** As given, in order; `[]` when not given. */
  tags: string[];
}

/** The result of {@link validateMetadata}. */
export type MetadataValidation = { ok: true; metadata: Metadata } | PieceErrors;

/** A valid target: what a validated batch item carries about its target. */
export interface TargetValid {
  ok: true;
  /** The detected or given type. */
  type: TargetType;
  /** `dynamic` for a url target with `dynamic_available`, else `static`. */
  kind: 'static' | 'dynamic';
  /** The exact text the code encodes (for a dynamic code, the redirect destination). */
  payload: string;
}

/** An invalid target. */
export interface TargetInvalid extends PieceErrors {
  /** The type, when it could be determined before the problem; else `''`. */
  type: TargetType | '';
  /** The kind that type would have; `''` when the type is unknown. */
  kind: 'static' | 'dynamic' | '';
}

/** The result of {@link validateTarget}: check `ok` to narrow. */
export type TargetValidation = TargetValid | TargetInvalid;

/** A note of the scan report: what the engine changed, or could not change. */
export interface ScanNote {
  /** Stable: `error_correction_raised`, `logo_shrunk`, `alignment_pattern_uncovered`, `eyes_squared` (adjustments); `small_modules`, `small_print_modules` (modules under 0.4 mm when printed) (warnings). */
  code: string;
  /** For people. */
  message: string;
}

/**
 * The margin a rendered code keeps for a camera, and what the engine did to keep it
 * (docs/rendering.md, "Scan report").
 */
export interface ScanReport {
  /** The level actually used. */
  effective_error_correction: ErrorCorrection;
  /** Pixels per module as drawn (PNG), or at the SVG's declared width. */
  px_per_module: number;
  /** The lowest WCAG contrast ratio of a dark colour drawn against the background (1–21). */
  contrast_ratio: number;
  /** Logos only: the largest share of an error-correction block's correctable codewords the logo covers (at most 0.6); `null` without a logo. */
  logo_block_load: number | null;
  /** What the engine changed to keep the margin (level raised, logo shrunk). */
  adjustments: ScanNote[];
  /** What it could not change (modules under 3 px). */
  warnings: ScanNote[];
}

/** A rendered image and what went into it. */
export interface Rendered {
  /** The format of `data`. */
  format: 'svg' | 'png' | 'pdf' | 'eps';
  /** SVG text, or the bytes of a PNG, PDF or EPS file. */
  data: string | Uint8Array;
  /** QR version (1–40). */
  version: number;
  /** Modules per side, without the quiet zone. */
  modules: number;
  /** The level actually used (`H` when a logo raised it). */
  effective_error_correction: ErrorCorrection;
  /** The code's scan report. */
  scan: ScanReport;
}

/** The result of {@link render}. */
export interface RenderResult extends Rendered {
  /** The detected or given target type. */
  type: TargetType;
  /** The exact text the code encodes. */
  payload: string;
}

/** A successful item of {@link renderBatch}. */
export interface BatchItemRendered extends Rendered {
  /** Position in `items`, from 0 (results come in this order). */
  index: number;
  ok: true;
  /** The item's `name`, `''` when none was given. */
  name: string;
  /** The detected or given target type. */
  type: TargetType;
  /** Always `static` in the offline engine. */
  kind: 'static' | 'dynamic';
  /** The exact text the code encodes. */
  payload: string;
}

/** A failed item of {@link renderBatch}; the rest of the batch goes on. */
export interface BatchItemFailed {
  /** Position in `items`, from 0. */
  index: number;
  ok: false;
  /** The item's `name`, `''` when none was given. */
  name: string;
  /** The type, `''` when it could not be determined. */
  type: TargetType | '';
  /** The kind, `''` when it could not be determined. */
  kind: 'static' | 'dynamic' | '';
  /** Why; `path` is absolute in the request (`/items/<index>/…`). */
  error: ErrorDetail;
}

/** One result of {@link renderBatch}: check `ok` to narrow. */
export type BatchItemResult = BatchItemRendered | BatchItemFailed;

/**
 * The one error class of qredge (the same class from `import` and `require`).
 * Thrown by {@link render}, {@link renderPayload} and, for request-level problems, by
 * {@link renderBatch} before its first item; `not_initialized` before {@link init}.
 */
export class QredgeError extends Error {
  constructor(code: string, message: string, path?: string, errors?: ErrorDetail[]);
  readonly name: 'QredgeError';
  /** Stable machine-readable code, e.g. `invalid_url`, `unscannable_design`, `not_initialized`. */
  code: string;
  /** JSON pointer to the offending input; `''` when it concerns the whole input. */
  path: string;
  /** Every request-level problem, when there was more than one. */
  errors?: ErrorDetail[];
}

/** The package version, e.g. `0.1.0`. */
export const VERSION: string;

/**
 * Lower-case hex SHA-256 of the `core.wasm` shipped in this package (stamped by `npm pack`);
 * `null` in an unpacked development build.
 */
export const WASM_SHA256: string | null;

/**
 * Loads the engine. Idempotent: later calls return the first load (a failed load may be
 * retried). Without options: Node reads `core.wasm` beside the module; browsers fetch it
 * relative to the module (or bundle) URL; the workerd entry uses its own imported module.
 * Never contacts any other host.
 */
export function init(options?: InitOptions): Promise<void>;

/**
 * Validates a batch request (an object or its JSON text). Never throws on bad input: every
 * problem is reported in the result.
 */
export function validateBatch(request: BatchRequest | string | unknown, options?: ValidateOptions): ValidationResult;

/**
 * Validates a design alone (a template's, a PATCH's), exactly as inside a batch request: the
 * same codes and messages, paths under `options.path` (`/template/design/colors/dark`). Never
 * throws on bad input. `design` may be the value or its JSON text; `undefined` is the default
 * design. Throws {@link QredgeError} `invalid_option` for a `path` that is not a JSON pointer.
 * @example validateDesign(body.design, { path: '/design' })
 */
export function validateDesign(design: Design | string | unknown, options?: PieceOptions): DesignValidation;

/**
 * Validates an output alone, as inside a batch request (paths under `options.path`, default
 * `/output`). Never throws on bad input; `undefined` is the default output.
 */
export function validateOutput(output: Output | string | unknown, options?: PieceOptions): OutputValidation;

/**
 * Validates an item's metadata alone (an object with only `name`, `folder_id` and `tags`, as a
 * PATCH of a code sends them), exactly as inside a batch item: the same codes and messages,
 * paths under `options.path` (default `''`: `/tags/2`). Never throws on bad input.
 * @example validateMetadata({ name: 'Spring flyer', tags: ['print'] })
 */
export function validateMetadata(fields: { name?: string; folder_id?: string; tags?: string[] } | string | unknown, options?: PieceOptions): MetadataValidation;

/**
 * Validates a target alone, as a batch item's target: the same codes and messages, paths under
 * `options.path` (default `''`: `/destination`). Never throws on bad input; `undefined` is a
 * missing target (`required`). Throws {@link QredgeError} `invalid_option` for a bad option.
 */
export function validateTarget(target: Target | string | unknown, options?: TargetOptions): TargetValidation;

/**
 * Renders one code. Throws {@link QredgeError} on invalid input (paths relative to the
 * arguments: `/target/…`, `/design/…`, `/output/…`). A design and output already seen (the
 * same JSON text) are not validated again.
 * @param target what to encode
 * @param design how it looks (default: every design default)
 * @param output format and size (default `{ format: 'svg', size: 512, margin: 4 }`)
 */
export function render(target: Target, design?: Design, output?: Output): RenderResult;

/** Options of {@link renderBatch}. */
export interface RenderBatchOptions {
  /**
   * Node only: how many threads draw the batch, each with an engine of its own, 1–64: the
   * calling thread and `threads - 1` `worker_threads`, taking items from one queue (the calling
   * thread draws while the caller waits for a result). `1` draws every item in the calling
   * thread. Default: one thread per core
   * (`os.availableParallelism()`), at most 8, when the batch is work enough to pay for starting
   * them (from about 64 styled 512 px PNGs or 800 styled SVGs; plain codes are too quick), else
   * 1; never more threads than items to draw. Results are the same, in the same order, whatever
   * the number. Browsers and Workers check the value and draw in the calling thread.
   */
  threads?: number;
  /**
   * Node only: lets the threads write the images they draw. When the batch is drawn on more
   * than one thread, `files` is called once per item to draw, in item order, before anything
   * is drawn, and gives the path of that item's file (its folder must exist when the batch
   * draws); each image is then written there by the thread that drew it (which draws its
   * next item meanwhile), and its result, yielded once the file is written, has `file` (the
   * path) instead of `data`. An image that cannot be written stops
   * the batch: the iteration throws {@link QredgeError} `write_failed` at `/items/<index>`,
   * naming the file, after every earlier item was yielded. On one thread nothing is written
   * and the results have `data`, as without `files` (the caller writes them, and can overlap
   * its writes with the drawing). Not a function, or a path that is not a non-empty string:
   * `invalid_option` (the latter at `/items/<index>`), before anything is drawn.
   */
  files?: (item: BatchFileItem) => string;
}

/** What {@link RenderBatchOptions.files} is told about an item to draw. */
export interface BatchFileItem {
  /** Position in `items`, from 0. */
  index: number;
  /** The item's `name`, `''` when none was given. */
  name: string;
  /** The detected or given target type. */
  type: TargetType;
  /** Always `static` in the offline engine. */
  kind: 'static' | 'dynamic';
  /** The batch's output format: the file's contents. */
  format: 'svg' | 'png' | 'pdf' | 'eps';
}

/** A successful item of {@link renderBatch} whose image a thread wrote ({@link RenderBatchOptions.files}). */
export interface BatchItemWritten extends Omit<BatchItemRendered, 'data'> {
  /** The path the image was written to, as `files` gave it. */
  file: string;
}

/**
 * Renders a batch, yielding one result per item, in item order, as soon as it is rendered.
 * A request-level problem (or a bad option: `invalid_option`) throws {@link QredgeError}
 * before the first item. Memory stays bounded: one image is held at a time on one thread; on
 * threads, at most 8 per thread are drawn ahead of the item being yielded (32 with `files`, of
 * which only those still being written hold their images). A render thread
 * that stops has its unanswered items drawn again, each alone; an item that stops a thread a
 * second time is yielded failed with code `internal_error`.
 * @param request the batch request or its JSON text
 * @param output overrides of the request's `output` (validated with the request)
 * @param options how to draw (Node: `threads`, `files`)
 */
export function renderBatch(request: BatchRequest | string, output: Output | undefined,
  options: RenderBatchOptions & { files: (item: BatchFileItem) => string }): AsyncGenerator<BatchItemResult | BatchItemWritten, void, undefined>;
export function renderBatch(request: BatchRequest | string, output?: Output, options?: RenderBatchOptions): AsyncGenerator<BatchItemResult, void, undefined>;

/**
 * Renders an already validated payload (for hosts that store payloads). The design and output
 * are validated when their JSON text is new to the engine (the last few are kept ready to
 * draw, logo decoded). Throws {@link QredgeError}.
 */
export function renderPayload(payload: string, design?: Design | string, output?: Output | string): Rendered & { payload: string };
