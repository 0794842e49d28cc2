// SPDX-License-Identifier: MIT
// A CSV body (docs/api.md, "CSV batches") is the request's items; template_id, design and output
// come from query parameters (design and output as JSON text). The request is then made as the
// JSON request it stands for, so validation, item errors and answers are those of a JSON batch.
import { invalid } from '../http/errors.mjs';
import { readUtf8, invalidCsv } from '../http/body.mjs';
import { parseCsv, CsvError } from '../../shared/csv.mjs';

const queryError = (name, message) => invalid(`/query/${name}`, 'invalid_value', message);

/** `{ text, body, fingerprint, csv: true, warnings }` for a text/csv request. */
export async function readCsvRequest(c) {
  const text = await readUtf8(c.request, (message, line, column) => invalidCsv(message, line, column, 'csv_encoding'));
  const params = c.url.searchParams;
  const body = {};
  for (const name of ['template_id', 'design', 'output']) {
    const all = params.getAll(name);
    if (all.length > 1) throw queryError(name, `give ${name} once`);
    if (!all.length) continue;
    if (name === 'template_id') { body.template_id = all[0]; continue; }
    let value;
    try {
      value = JSON.parse(all[0]);
    } catch {
      throw queryError(name, `${name} must be a JSON object (URL-encoded), e.g. ${name}=${encodeURIComponent('{"error_correction":"Q"}')}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw queryError(name, `${name} must be a JSON object`);
    body[name] = value;
  }
  let parsed;
  try {
    parsed = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) throw invalidCsv(`the CSV cannot be read: ${e.message}`, e.line, e.column, e.code);
    throw e;
  }
  body.items = parsed.items;
  // The idempotency fingerprint covers the query parameters too: the same CSV with another design is another request.
  return { text: JSON.stringify(body), body, fingerprint: `${params.toString()}\n${text}`, csv: true, warnings: parsed.warnings };
}
