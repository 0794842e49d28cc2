// SPDX-License-Identifier: MIT
// Small browser helpers shared by the demo's modules.

export const $ = (id) => document.getElementById(id);

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function bytesToBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** A Blob for rendered data: an SVG string or PNG bytes. */
const TYPES = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf', eps: 'application/postscript' };
export const imageBlob = (format, data) => new Blob([data], { type: TYPES[format] ?? 'application/octet-stream' });

/** Saves a Blob under `name` through a temporary object URL (no server involved). */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function readFile(file, as) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    if (as === 'dataURL') reader.readAsDataURL(file);
    else reader.readAsText(file);
  });
}
