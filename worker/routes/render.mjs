// SPDX-License-Identifier: MIT
// POST /v1/render: one code from { target, design, output }, answered with the image itself
// and stored nowhere (a preview beside the batch API; docs/worker.md).
import { render, QredgeError } from 'qredge';
import { invalid } from '../http/errors.mjs';
import { readJsonObject } from '../http/body.mjs';
import { resolveDesignLogo } from '../logo.mjs';

// The engine's paths are relative to the argument they are in; design and output ones say so,
// a target's may or may not: they are made relative to the body.
const bodyPath = (path) => (/^\/(design|output)(\/|$)/.test(path) ? path : `/target${path.replace(/^\/target/, '')}`);

export async function renderOne(c) {
  const body = await readJsonObject(c.request);
  const design = await resolveDesignLogo(body.design ?? {});
  try {
    const r = render(body.target ?? {}, design, body.output ?? {});
    return new Response(r.data, { headers: { 'content-type': r.format === 'png' ? 'image/png' : 'image/svg+xml' } });
  } catch (e) {
    if (!(e instanceof QredgeError)) throw e;
    throw invalid(bodyPath(e.path), e.code, e.message);
  }
}
