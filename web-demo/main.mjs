// SPDX-License-Identifier: MIT
// Minimal demo: renders the URL field as SVG or PNG with the in-page wasm engine.
import { init, render } from './qredge/browser.mjs';

const $ = (id) => document.getElementById(id);

function bytesToBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function update() {
  const destination = $('destination').value;
  const format = $('format').value;
  try {
    const r = render({ type: 'url', destination }, {}, { format, size: 512 });
    $('message').textContent = '';
    if (format === 'svg') {
      $('preview').innerHTML = r.data;
    } else {
      $('preview').innerHTML = '';
      const img = new Image();
      img.alt = 'QR code';
      img.width = img.height = 256;
      img.src = `data:image/png;base64,${bytesToBase64(r.data)}`;
      $('preview').append(img);
    }
    // For tests and for people: the last result, as plain data.
    window.qredgeLast = { format, payload: r.payload, data: format === 'png' ? bytesToBase64(r.data) : r.data };
  } catch (error) {
    $('message').textContent = `${error.code ?? 'error'}: ${error.message}`;
    window.qredgeLast = { error: { code: error.code, message: error.message, path: error.path } };
  }
}

await init();
$('destination').addEventListener('input', update);
$('format').addEventListener('change', update);
update();
document.body.dataset.ready = '1';
