// SPDX-License-Identifier: MIT
// POST /v1/render: one code from { target, design, output }, answered with the image itself
// and stored nowhere (a preview beside the batch API; docs/worker.md).
import { render, QredgeError } from 'qredge';
import { invalid } from '../http/errors.mjs';
import { readJsonObject } from '../http/body.mjs';
import { resolveDesignLogo } from '../logo.mjs';
import { contentType } from '../http/content-types.mjs';

export async function renderOne(c) {
  const body = await readJsonObject(c.request);
  const design = await resolveDesignLogo(body.design ?? {});
  try {
    const r = render(body.target ?? {}, design, body.output ?? {});
    return new Response(r.data, { headers: { 'content-type': contentType(r.format) } });
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    // The engine's paths are the body's: /target/…, /design/…, /output/… (docs/engine-api.md).
    throw invalid(e.path, e.code, e.message);
  }
}
