// SPDX-License-Identifier: MIT
// The media type of each output format the engine writes (docs/print.md for PDF and EPS).
const TYPES = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf', eps: 'application/postscript' };

export const contentType = (format) => TYPES[format] ?? 'application/octet-stream';
