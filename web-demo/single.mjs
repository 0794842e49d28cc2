// SPDX-License-Identifier: MIT
// The single-code designer: content forms, design controls and presets, the live preview
// (debounced, the old image stays until the new one is decoded), scan check with the engine's
// scan report, downloads and the API request.
//
// The preview is in one of three states (`hook.state`, `.preview-panel[data-state]`):
//   example  the content form is empty: the code of the placeholders is shown, marked as an
//            example, and cannot be downloaded (nothing the user did not type gets into a code);
//   ready    the user's code; downloads enabled;
//   error    the engine refused the input: messages at the fields, downloads disabled.
import { render } from 'qredge';
import { buildTarget, buildDesign, buildSingleRequest, buildCsvCommands, buildVcard, localOffset, SHAPES, PRESETS } from './model.mjs';
import { scanCheck } from './scan.mjs';
import { $, debounce, bytesToBase64, imageBlob, saveBlob, readFile } from './util.mjs';

const PREVIEW_MAX_PNG = 1024;       // PNG previews above this are scaled down; downloads are not
const LOGO_MAX_BYTES = 512 * 1024;

const state = { logo: null, seq: 0, url: null, scanSeq: 0 };
/**
 * Test and debugging hook: the last preview, as plain data. `asked` counts the changes that
 * asked for a preview; each preview records in `answers` the count it saw when it started (0
 * while a logo file is still being read), so a test can wait for the one that covers its change.
 */
export const hook = { last: null, renders: 0, scans: 0, asked: 0, logoReads: 0, state: 'idle' };

const checked = (name) => document.querySelector(`input[name="${name}"]:checked`)?.value;
const val = (id) => $(id).value;

const TYPE_LABELS = { url: 'URL', text: 'Text', email: 'Email', sms: 'SMS', wifi: 'Wi‑Fi', event: 'Event', vcard: 'vCard' };
const TYPE_ASKS = { url: 'a web address', text: 'some text', email: 'an email address', sms: 'a phone number',
  wifi: 'a network name', event: 'a title and a start', vcard: 'a vCard (or fill in its fields)' };

function currentType() {
  return checked('type');
}

/** The text fields of the visible content form (selects and check boxes are settings, not content). */
function contentFields(type) {
  return [...document.querySelectorAll(`.type-panel[data-type="${type}"] input:not([type="checkbox"]), .type-panel[data-type="${type}"] textarea`)]
    .filter((el) => !el.closest('#vcard-builder'));
}

/** True while the user has typed nothing into the current content form: the example is shown. */
function showingExample(type) {
  return contentFields(type).every((el) => el.value.trim() === '');
}

// The example of an empty form comes from its placeholders (`data-example` where an input type
// shows none), so the example shown and the hints in the fields are the same text.
const exampleVal = (id) => {
  const el = $(id);
  return el.placeholder || el.dataset.example || '';
};

function targetValues(type, example = false) {
  const val = example ? exampleVal : (id) => $(id).value;
  switch (type) {
    case 'url': {
      const utm = {};
      if (!example) for (const el of document.querySelectorAll('[data-utm]')) utm[el.dataset.utm] = el.value.trim();
      return { destination: val('destination').trim(), utm };
    }
    case 'text': return { text: val('text') };
    case 'email': return { email: val('email').trim(), subject: val('email-subject'), message: val('email-message') };
    case 'sms': return { phone: val('phone').trim(), message: val('sms-message') };
    case 'wifi': return { ssid: val('ssid'), password: val('password'), encryption: $('encryption').value, hidden: $('hidden-ssid').checked };
    case 'event': {
      const zone = $('zone').value === 'local' ? localOffset() : $('zone').value;
      const allDay = $('all-day').checked;
      const day = (v) => (example && allDay ? v.slice(0, 10) : v);
      return { title: val('title'), location: val('location'), start: day(val('start')), end: day(val('end')), allDay, zone };
    }
    case 'vcard': return { vcard: val('vcard').replace(/\r\n?/g, '\n').trim() };
    default: return {};
  }
}

/** The design (API.md §2) the controls describe; also used by the batch. */
export function currentDesign() {
  return buildDesign({
    ecc: checked('ecc'),
    foreground: val('fg').trim(),
    background: val('bg').trim(),
    transparent: $('transparent').checked,
    gradient: $('gradient-on').checked ? { start: val('grad-start').trim(), end: val('grad-end').trim(), type: val('grad-type') } : null,
    eyeFrame: $('eye-frame-on').checked ? val('eye-frame').trim() : null,
    eyeBall: $('eye-ball-on').checked ? val('eye-ball').trim() : null,
    shapes: { body: checked('body'), eye_frame: checked('eye_frame'), eye_ball: checked('eye_ball') },
    logo: state.logo && { url: state.logo, size: Number(val('logo-size')), clear: $('logo-clear').checked },
    frame: val('frame-style')
      ? { style: val('frame-style'), text: val('frame-text'), color: val('frame-color').trim(), textColor: val('frame-text-color').trim() }
      : null,
  });
}

const intOrRaw = (id) => {
  const raw = val(id).trim();
  return /^-?\d+$/.test(raw) ? Number(raw) : raw;  // the engine explains anything else
};

function currentOutput() {
  return { format: val('format'), size: intOrRaw('size'), margin: intOrRaw('margin') };
}

// ---- errors next to their fields -------------------------------------------------------------

function clearErrors() {
  for (const el of document.querySelectorAll('.designer [data-error-for]')) el.textContent = '';
  for (const el of document.querySelectorAll('.designer [aria-invalid]')) el.removeAttribute('aria-invalid');
}

// The error element for a JSON path: the exact one in the visible form, else the closest parent.
function errorSlot(path) {
  const panel = document.querySelector(`.type-panel[data-type="${currentType()}"]`);
  for (let p = path; ; p = p.slice(0, p.lastIndexOf('/'))) {
    const scoped = p.startsWith('/target/') ? panel.querySelector(`[data-error-for="${CSS.escape(p)}"]`) : null;
    const el = scoped ?? [...document.querySelectorAll(`.designer [data-error-for="${CSS.escape(p)}"]`)]
      .find((e) => !e.closest('.type-panel'));
    if (el) return el;
    if (p === '') return null;
  }
}

function showErrors(errors) {
  for (const e of errors) {
    const slot = errorSlot(e.path ?? '');
    if (!slot) continue;
    slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
    slot.dataset.code = e.code;
    if (slot.id) {
      const input = document.querySelector(`[aria-describedby~="${slot.id}"]`);
      input?.setAttribute('aria-invalid', 'true');
    }
    slot.closest('details')?.setAttribute('open', '');
  }
}

// ---- preview ---------------------------------------------------------------------------------

function setState(view, text) {
  hook.state = view;
  $('preview').closest('.preview-panel').dataset.state = view;
  $('preview').classList.toggle('stale', view === 'error');
  $('preview').classList.toggle('example', view === 'example');
  const meta = $('preview-meta');
  meta.dataset.state = view;
  meta.textContent = text;
  $('mini-text').textContent = text;
  // Nothing to download but the user's own, rendered code.
  for (const id of ['download-svg', 'download-png', 'download-pdf']) $(id).disabled = view !== 'ready';
}

function caption(r, design, output, example) {
  const type = TYPE_LABELS[r.type] ?? r.type;
  if (example) return `Example ${type} code: type ${TYPE_ASKS[r.type] ?? 'the content'} to make your own.`;
  const note = r.format === 'png' && output.size > PREVIEW_MAX_PNG ? ` · preview at ${PREVIEW_MAX_PNG} px` : '';
  const raised = r.effective_error_correction !== design.error_correction ? ` (raised from ${design.error_correction} for the logo)` : '';
  return `${type} · version ${r.version} (${r.modules}×${r.modules} modules) · ECC ${r.effective_error_correction}${raised}${note}`;
}

async function update() {
  const seq = ++state.seq;
  const answers = hook.logoReads ? 0 : hook.asked;
  const type = currentType();
  const example = showingExample(type);
  const target = buildTarget(type, targetValues(type, example));
  const design = currentDesign();
  const output = currentOutput();
  $('request-json').textContent = JSON.stringify(buildSingleRequest(target, design, output), null, 2);
  $('request-csv').textContent = buildCsvCommands(design, output);
  clearErrors();
  let r;
  try {
    const previewOutput = { ...output };
    if (output.format === 'png' && output.size > PREVIEW_MAX_PNG) previewOutput.size = PREVIEW_MAX_PNG;
    r = render(target, design, previewOutput);
  } catch (error) {
    const errors = error.errors ?? [{ code: error.code, message: error.message, path: error.path ?? '' }];
    showErrors(errors);
    // The caption says what is shown: no version of a code that was not rendered.
    setState('error', `${TYPE_LABELS[type]} · not rendered: ${errors[0].message}`);
    setScan('error', 'Fix the highlighted field to see the code.');
    showReport(null);
    hook.last = { seq, answers, example, error: { code: error.code, message: error.message, path: error.path } };
    return;
  }
  const url = URL.createObjectURL(imageBlob(r.format, r.data));
  const img = new Image();
  img.alt = `${example ? 'Example QR code' : 'QR code'} for ${r.payload.length > 80 ? `${r.payload.slice(0, 80)}…` : r.payload}`;
  img.src = url;
  try {
    await img.decode();          // swap only a ready image: no flicker while typing
  } catch {
    URL.revokeObjectURL(url);
    return;
  }
  if (seq !== state.seq) { URL.revokeObjectURL(url); return; }  // a newer render won
  const box = $('preview');
  box.replaceChildren(img);
  $('mini-preview').querySelector('img').src = url;
  if (state.url) URL.revokeObjectURL(state.url);
  state.url = url;
  box.dataset.seq = String(seq);
  box.dataset.format = r.format;
  box.dataset.payload = r.payload;
  setState(example ? 'example' : 'ready', caption(r, design, output, example));
  showReport(r.scan, design);
  hook.renders += 1;
  hook.last = {
    seq, answers, example, type: r.type, payload: r.payload, format: r.format, version: r.version, modules: r.modules,
    effective_error_correction: r.effective_error_correction, report: r.scan, design, output,
    data: r.format === 'png' ? bytesToBase64(r.data) : r.data, scan: null,
  };
  runScan(seq, url, r.payload, r.format === 'png' ? Math.min(output.size, PREVIEW_MAX_PNG) : 512);
}

// ---- the engine's scan report (API.md §7.2) ---------------------------------------------------

function showReport(report, design) {
  $('scan-report').hidden = !report;
  if (!report) return;
  const asked = design?.error_correction;
  $('report-ecc').textContent = report.effective_error_correction + (asked && asked !== report.effective_error_correction ? ` (asked: ${asked})` : '');
  $('report-ppm').textContent = `${report.px_per_module.toFixed(1)} px`;
  $('report-contrast').textContent = `${report.contrast_ratio.toFixed(1)} : 1`;
  $('report-logo-row').hidden = report.logo_block_load == null;
  $('report-logo').textContent = report.logo_block_load == null ? ''
    : `${Math.round(report.logo_block_load * 100)} % of a block's correction (limit 60 %)`;
  const notes = [...report.adjustments.map((n) => ['adjustment', n]), ...report.warnings.map((n) => ['warning', n])];
  $('report-notes').replaceChildren(...notes.map(([kind, n]) => {
    const li = document.createElement('li');
    li.className = kind;
    li.dataset.code = n.code;
    li.textContent = n.message;
    return li;
  }));
}

// ---- scan check ------------------------------------------------------------------------------

function setScan(kind, text) {
  const el = $('scan-status');
  el.dataset.state = kind;
  el.textContent = text;
}

async function runScan(seq, url, payload, size) {
  $('scan-status').dataset.state = 'pending';  // the text stays until the result: no flicker while typing
  let result;
  try {
    result = await scanCheck(url, payload, size);
  } catch (error) {
    result = { ok: false, exact: false, text: null, failure: String(error?.message ?? error) };
  }
  if (seq !== state.seq) return;
  hook.scans += 1;
  if (hook.last?.seq === seq) hook.last.scan = result;
  if (result.exact) setScan('ok', '✓ Scan check: reads back exactly.');
  else if (result.ok) setScan('mismatch', `✗ Scan check: reads back different text: “${result.text.slice(0, 60)}”`);
  else setScan('fail', '✗ Scan check: no scanner could read this design. Raise the contrast or the error correction.');
  $('scan-status').dataset.seq = String(seq);
}

// ---- shape pickers: each option shows the engine's own rendering of it --------------------------

// Shape previews show a part of a version-1 code (21 modules + a 1-module quiet zone = 23 units
// of the viewBox, whatever unit the renderer uses): eyes show the top-left finder pattern, bodies
// a 9×9 patch of data modules clear of the finders, big enough to see each module's shape.
function crop(svg, from, span) {
  const m = /viewBox="([\d.\s-]+)"/.exec(svg);
  if (!m) return svg;
  const [, , w] = m[1].trim().split(/\s+/).map(Number);
  const unit = w / 23;
  const f = (v) => (v * unit).toFixed(3);
  return svg.replace(m[0], `viewBox="${f(from)} ${f(from)} ${f(span)} ${f(span)}"`);
}

function shapePreview(group, shape) {
  try {
    const r = render({ type: 'text', text: 'qredge' }, { error_correction: 'L', shapes: { [group]: shape } }, { format: 'svg', size: 64, margin: 1 });
    const svg = group === 'body' ? crop(r.data, 12, 9) : crop(r.data, 0.5, 8);
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  } catch {
    return null;  // the engine does not know this shape yet: the option still shows its name
  }
}

function buildShapePickers() {
  for (const [group, shapes] of Object.entries(SHAPES)) {
    const box = document.querySelector(`[data-shape="${group}"]`);
    for (const shape of shapes) {
      const label = document.createElement('label');
      label.className = 'shape';
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: group, value: shape, checked: shape === 'square' });
      label.append(input);
      const src = shapePreview(group, shape);
      if (src) {
        const img = Object.assign(document.createElement('img'), { src, alt: '', width: 48, height: 48 });
        label.append(img);
      }
      const text = document.createElement('span');
      text.textContent = shape.replace(/-/g, ' ');
      label.append(text);
      box.append(label);
    }
  }
}

// ---- controls --------------------------------------------------------------------------------

function syncColour(textId, pickerId, schedule) {
  const text = $(textId), picker = $(pickerId);
  picker.addEventListener('input', () => { text.value = picker.value; schedule(); });
  text.addEventListener('input', () => {
    const v = text.value.trim();
    if (/^#[0-9a-f]{6}$/i.test(v)) picker.value = v.toLowerCase();
    else if (/^#[0-9a-f]{3}$/i.test(v)) picker.value = `#${[...v.slice(1)].map((c) => c + c).join('')}`.toLowerCase();
  });
}

// ---- presets ---------------------------------------------------------------------------------

function setColour(id, value) {
  $(id).value = value;
  $(`${id}-picker`).value = value;
}

function setEyeColour(part, value) {
  $(`eye-${part}-on`).checked = Boolean(value);
  if (value) setColour(`eye-${part}`, value);
  $(`eye-${part}`).disabled = !value;
  $(`eye-${part}-picker`).disabled = !value;
}

// A sample logo for the logo-ready preset when none is chosen, drawn here so that no file or
// network is needed: a blue rounded square with a white ring.
function sampleLogo() {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 96;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#1d4ed8';
  ctx.beginPath();
  ctx.roundRect(0, 0, 96, 96, 20);
  ctx.fill();
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 12;
  ctx.beginPath();
  ctx.arc(48, 48, 24, 0, 2 * Math.PI);
  ctx.stroke();
  return canvas.toDataURL('image/png');
}

function showLogo(url, sample) {
  state.logo = url;
  state.logoSample = sample;
  $('logo-thumb').src = url;
  $('logo-fields').hidden = false;
}

/** Sets the design controls to a preset; the content, size, margin and format stay. */
function applyPreset(key) {
  const p = PRESETS[key];
  setColour('fg', p.foreground);
  setColour('bg', p.background);
  $('transparent').checked = false;
  $('gradient-on').checked = Boolean(p.gradient);
  $('gradient-fields').hidden = !p.gradient;
  if (p.gradient) {
    setColour('grad-start', p.gradient.start);
    setColour('grad-end', p.gradient.end);
    $('grad-type').value = p.gradient.type;
  }
  setEyeColour('frame', p.eyeFrame);
  setEyeColour('ball', p.eyeBall);
  for (const [group, shape] of Object.entries(p.shapes)) document.querySelector(`input[name="${group}"][value="${shape}"]`).checked = true;
  document.querySelector(`input[name="ecc"][value="${p.ecc}"]`).checked = true;
  if (p.logo) {
    if (!state.logo) showLogo(sampleLogo(), true);
    $('logo-size').value = String(p.logo.size);
    $('logo-size-out').textContent = `${Math.round(p.logo.size * 100)} %`;
    $('logo-clear').checked = p.logo.clear;
  } else if (state.logoSample) {
    removeLogo();  // only the sample: a logo the user chose stays
  }
}

function buildPresets(schedule) {
  const box = $('presets');
  for (const [key, p] of Object.entries(PRESETS)) {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'preset' });
    button.dataset.preset = key;
    try {
      const { logo, ...rest } = p;
      const design = buildDesign({ ...rest, logo: logo && { url: sampleLogo(), ...logo } });
      const svg = render({ type: 'text', text: 'qredge' }, design, { format: 'svg', size: 64, margin: 1 }).data;
      button.append(Object.assign(document.createElement('img'), { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, alt: '', width: 40, height: 40 }));
    } catch {
      // no thumbnail: the button still shows its name
    }
    button.append(Object.assign(document.createElement('span'), { textContent: p.label }));
    button.addEventListener('click', () => { applyPreset(key); schedule(); });
    box.append(button);
  }
}

function showTypePanel() {
  const type = currentType();
  for (const p of document.querySelectorAll('.type-panel')) p.hidden = p.dataset.type !== type;
}

function toggleAllDay() {
  const allDay = $('all-day').checked;
  for (const id of ['start', 'end']) {
    const el = $(id);
    const v = el.value;
    el.type = allDay ? 'date' : 'datetime-local';
    el.value = allDay ? v.slice(0, 10) : (v ? `${v.slice(0, 10)}T${id === 'start' ? '09:00' : '17:00'}` : '');
  }
  $('zone').disabled = allDay;
}

async function chooseLogo() {
  const file = $('logo-file').files[0];
  const slot = $('logo-error');
  if (!file) return;
  if (!['image/png', 'image/jpeg'].includes(file.type)) {
    slot.textContent = 'Choose a PNG or JPEG image.';
    return;
  }
  if (file.size > LOGO_MAX_BYTES) {
    slot.textContent = `This image is ${(file.size / 1024).toFixed(0)} KiB; logos can be at most 512 KiB.`;
    return;
  }
  showLogo(await readFile(file, 'dataURL'), false);
}

function removeLogo() {
  state.logo = null;
  state.logoSample = false;
  $('logo-file').value = '';
  $('logo-fields').hidden = true;
}

function download(format) {
  const type = currentType();
  if (hook.state !== 'ready' || showingExample(type)) return;
  const output = { ...currentOutput(), format };
  clearErrors();
  try {
    const r = render(buildTarget(type, targetValues(type)), currentDesign(), output);
    saveBlob(imageBlob(format, r.data), `qredge-${r.type}-${output.size}.${format}`);
  } catch (error) {
    showErrors(error.errors ?? [{ code: error.code, message: error.message, path: error.path ?? '' }]);
  }
}

async function copyJson() {
  const text = $('request-json').textContent;
  try {
    // A clipboard that neither resolves nor rejects (a pending permission prompt) counts as refused.
    await Promise.race([navigator.clipboard.writeText(text),
      new Promise((_, reject) => setTimeout(() => reject(new Error('clipboard timeout')), 2000))]);
    $('copy-status').textContent = 'Copied.';
  } catch {
    getSelection().selectAllChildren($('request-json'));
    $('copy-status').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
  }
}

// While the preview is scrolled out of view (one-column layout), a small copy stays on screen.
function followPreview() {
  const mini = $('mini-preview');
  mini.hidden = false;
  new IntersectionObserver(([entry]) => {
    mini.classList.toggle('away', !entry.isIntersecting && entry.boundingClientRect.bottom < 0);
  }).observe($('preview'));
}

// In-page links to a closed <details> (the header's "API request") open it.
function openLinkedDetails() {
  const open = (hash) => {
    const el = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
    if (el instanceof HTMLDetailsElement) el.open = true;
  };
  for (const a of document.querySelectorAll('a[href^="#"]')) a.addEventListener('click', () => open(a.hash));
  open(location.hash);
}

/** Wires every control; returns a promise for the first preview. */
export function setupSingle() {
  buildShapePickers();
  openLinkedDetails();
  $('zone-local').textContent = `This device's offset (UTC${localOffset()})`;
  const later = debounce(update, 120);
  const schedule = () => { hook.asked += 1; later(); };
  buildPresets(schedule);
  for (const [t, p] of [['fg', 'fg-picker'], ['bg', 'bg-picker'], ['frame-color', 'frame-color-picker'], ['frame-text-color', 'frame-text-color-picker'], ['grad-start', 'grad-start-picker'], ['grad-end', 'grad-end-picker'], ['eye-frame', 'eye-frame-picker'], ['eye-ball', 'eye-ball-picker']]) {
    syncColour(t, p, schedule);
  }
  for (const form of [$('single-form'), $('design-form')]) {
    form.addEventListener('input', schedule);
    form.addEventListener('change', schedule);
    form.addEventListener('submit', (e) => e.preventDefault());
  }
  for (const r of document.querySelectorAll('input[name="type"]')) r.addEventListener('change', showTypePanel);
  $('gradient-on').addEventListener('change', () => { $('gradient-fields').hidden = !$('gradient-on').checked; });
  for (const part of ['frame', 'ball']) {
    $(`eye-${part}-on`).addEventListener('change', () => {
      const on = $(`eye-${part}-on`).checked;
      $(`eye-${part}`).disabled = !on;
      $(`eye-${part}-picker`).disabled = !on;
    });
  }
  $('all-day').addEventListener('change', toggleAllDay);
  $('vcard-builder').addEventListener('input', () => {
    const fields = {};
    for (const el of document.querySelectorAll('[data-vc]')) fields[el.dataset.vc] = el.value;
    $('vcard').value = buildVcard(fields);
  });
  $('encryption').addEventListener('change', () => { $('password').disabled = val('encryption') === 'nopass'; });
  $('logo-file').addEventListener('change', () => {
    hook.logoReads += 1;
    chooseLogo().finally(() => { hook.logoReads -= 1; schedule(); });
  });
  $('logo-size').addEventListener('input', () => { $('logo-size-out').textContent = `${Math.round(val('logo-size') * 100)} %`; });
  $('logo-remove').addEventListener('click', () => { removeLogo(); $('logo-file').focus(); schedule(); });
  $('download-svg').addEventListener('click', () => download('svg'));
  $('download-png').addEventListener('click', () => download('png'));
  $('download-pdf').addEventListener('click', () => download('pdf'));
  $('scan-button').addEventListener('click', () => {
    const last = hook.last;
    if (last && !last.error && state.url) runScan(last.seq, state.url, last.payload, 512);
  });
  $('copy-json').addEventListener('click', copyJson);
  showTypePanel();
  followPreview();
  return update();
}
