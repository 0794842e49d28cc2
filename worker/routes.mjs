// SPDX-License-Identifier: MIT
// Every route of the API (docs/api.md): method, path, the scope its key needs (PUBLIC: none), handler.
import { Router } from './http/router.mjs';
import { openapiJson } from './routes/docs.mjs';
import { postBatch, getBatch, listBatches, getArchive } from './routes/batches.mjs';
import { getCode, listCodes, patchCode, downloadCode } from './routes/codes.mjs';
import { createTemplate, getTemplate, listTemplates, patchTemplate, deleteTemplate } from './routes/templates.mjs';
import { renderOne } from './routes/render.mjs';
import { redirect } from './routes/redirect.mjs';
import { codeAnalytics, workspaceAnalytics } from './analytics/routes.mjs';
import { createWebhook, listWebhooks, getWebhook, removeWebhook, listDeliveries } from './webhooks/routes.mjs';

const PUBLIC = null;
const READ = 'qr:read';
const WRITE = 'qr:write';

export const routes = new Router()
  .get('/v1/openapi.json', PUBLIC, openapiJson)
  .post('/v1/batches', WRITE, postBatch)
  .get('/v1/batches', READ, listBatches)
  .get('/v1/batches/:id', READ, getBatch)
  .get('/v1/batches/:id/archive', READ, getArchive)
  .get('/v1/qr-codes', READ, listCodes)
  .get('/v1/qr-codes/:id', READ, getCode)
  .patch('/v1/qr-codes/:id', WRITE, patchCode)
  .get('/v1/qr-codes/:id/download', READ, downloadCode)
  .get('/v1/qr-codes/:id/analytics', READ, codeAnalytics)
  .get('/v1/analytics', READ, workspaceAnalytics)
  .post('/v1/webhooks', WRITE, createWebhook)
  .get('/v1/webhooks', READ, listWebhooks)
  .get('/v1/webhooks/:id', READ, getWebhook)
  .delete('/v1/webhooks/:id', WRITE, removeWebhook)
  .get('/v1/webhooks/:id/deliveries', READ, listDeliveries)
  .post('/v1/templates', WRITE, createTemplate)
  .get('/v1/templates', READ, listTemplates)
  .get('/v1/templates/:id', READ, getTemplate)
  .patch('/v1/templates/:id', WRITE, patchTemplate)
  .delete('/v1/templates/:id', WRITE, deleteTemplate)
  .post('/v1/render', READ, renderOne)
  .get('/r/:code', PUBLIC, redirect);
