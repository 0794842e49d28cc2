// SPDX-License-Identifier: MIT
// index.d.ts against the JavaScript it describes: every value the package exports (in each
// runtime entry) is declared in index.d.ts and every value declared there is exported, and
// the declarations compile under the project's TypeScript in strict mode, with a consumer
// that uses every export (and a wrong use that must fail, so the check can fail).
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { distDir } from './helpers/qredge.mjs';

const parse = (file) => ts.createSourceFile(file, readFileSync(join(distDir, file), 'utf8'), ts.ScriptTarget.Latest, true);
const exported = (node) => ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export;

// Values (functions, consts, classes) that a .d.ts declares as exported.
function declaredValues(file) {
  const names = new Set();
  for (const node of parse(file).statements) {
    if (!exported(node)) continue;
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) names.add(node.name.text);
    if (ts.isVariableStatement(node)) for (const d of node.declarationList.declarations) names.add(d.name.text);
  }
  return names;
}

// Names an ES module entry exports, read from its source (workerd's entry cannot be imported
// in Node: it imports the .wasm itself).
function sourceExports(file) {
  const names = new Set();
  for (const node of parse(file).statements) {
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const e of node.exportClause.elements) names.add(e.name.text);
    } else if (ts.isVariableStatement(node) && exported(node)) {
      for (const d of node.declarationList.declarations) {
        if (ts.isObjectBindingPattern(d.name)) for (const el of d.name.elements) names.add(el.name.text);
        else names.add(d.name.text);
      }
    } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && exported(node)) {
      names.add(node.name.text);
    }
  }
  return names;
}

const sorted = (set) => [...set].sort();
const declared = declaredValues('index.d.ts');

test('index.d.ts declares the API of API.md §5 and the engine calls', () => {
  for (const name of ['init', 'validateBatch', 'validateDesign', 'validateOutput', 'validateMetadata', 'validateTarget', 'render',
    'renderBatch', 'renderPayload', 'QredgeError', 'VERSION', 'WASM_SHA256']) expect(declared).toContain(name);
});

test.each(['node.mjs', 'browser.mjs', 'worker.mjs'])('%s exports exactly what index.d.ts declares', (entry) => {
  expect(sorted(sourceExports(entry))).toEqual(sorted(declared));
});

test('the loaded modules (ESM, CJS, browser) export exactly what index.d.ts declares', async () => {
  const esm = await import(pathToFileURL(join(distDir, 'node.mjs')).href);
  expect(sorted(new Set(Object.keys(esm)))).toEqual(sorted(declared));
  // require() in a plain Node process (Jest's own require cannot load ESM through require).
  const cjs = spawnSync(process.execPath, ['-e', 'console.log(JSON.stringify(Object.keys(require(process.argv[1]))))',
    join(distDir, 'node.cjs')], { encoding: 'utf8' });
  expect(cjs.status).toBe(0);
  const cjsKeys = JSON.parse(cjs.stdout).filter((k) => k !== 'default' && k !== '__esModule');
  expect(sorted(new Set(cjsKeys))).toEqual(sorted(declared));
  const browser = await import(pathToFileURL(join(distDir, 'browser.mjs')).href);
  expect(sorted(new Set(Object.keys(browser)))).toEqual(sorted(declared));
});

// Compiles `source` against dist/index.d.ts; returns the diagnostics as text.
function compile(source) {
  const dir = mkdtempSync(join(tmpdir(), 'qredge-types-'));
  try {
    writeFileSync(join(dir, 'index.d.ts'), readFileSync(join(distDir, 'index.d.ts')));
    writeFileSync(join(dir, 'use.ts'), source);
    const program = ts.createProgram([join(dir, 'use.ts')], {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022,
      moduleResolution: ts.ModuleResolutionKind.Node10, lib: ['lib.es2022.d.ts'], types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const consumer = `
import { init, validateBatch, validateDesign, validateOutput, validateMetadata, validateTarget, render, renderBatch, renderPayload,
  QredgeError, VERSION, WASM_SHA256 } from './index';
export async function use(): Promise<string> {
  await init();
  const v = validateBatch({ items: [{ target: { destination: 'https://example.com' } }] });
  const d = validateDesign({ colors: { foreground: '#000' } }, { path: '/template/design' });
  const designText: string = d.ok ? JSON.stringify(d.design) : d.errors[0].path;
  const o = validateOutput({ format: 'png' });
  const size: number = o.ok ? o.output.size : 0;
  const m = validateMetadata({ name: 'n', tags: ['a'] }, { path: '' });
  const tags: string[] = m.ok ? m.metadata.tags : [m.errors[0].path];
  const t = validateTarget({ text: 'x' }, { path: '/target', dynamic_available: true, error_correction: 'H' });
  const payload: string = t.ok ? t.payload : t.errors[0].code + t.type + t.kind;
  const r = render({ destination: 'https://example.com' }, {}, { format: 'svg' });
  const again = renderPayload(r.payload, '{}', { format: 'png' });
  for await (const item of renderBatch({ items: [{ target: { text: 'x' } }] }, { format: 'png' }, { threads: 2 })) {
    if (item.ok) item.data; else item.error.code;
  }
  for await (const item of renderBatch({ items: [{ target: { text: 'x' } }] }, undefined, { threads: 2, files: (i) => \`\${i.index}-\${i.name}.\${i.format}\` })) {
    if (item.ok) ('file' in item ? item.file : item.data); else item.error.code;
  }
  const e = new QredgeError('x', 'y');
  return [v.ok, designText, size, tags.join(), payload, r.scan.contrast_ratio, again.version, e.code, VERSION, WASM_SHA256].join();
}
`;

test('index.d.ts compiles in strict mode with a consumer of every export', () => {
  expect(compile(consumer)).toEqual([]);
});

test('the compile check fails on a wrong use (so it can fail)', () => {
  const wrong = `import { validateTarget } from './index';\nconst t = validateTarget({ text: 'x' });\nexport const p: number = t.payload;\n`;
  expect(compile(wrong).length).toBeGreaterThan(0);
});

test('renderBatch with \`files\`: a result may have \`file\` instead of \`data\`', () => {
  const wrong = `import { renderBatch } from './index';\nexport async function f() { for await (const r of renderBatch({ items: [] }, {}, { files: () => 'x' })) if (r.ok) r.data.length; }\n`;
  expect(compile(wrong).join('\n')).toMatch(/Property 'data' does not exist on type 'BatchItemWritten'/);
});

test('renderBatch options are typed: `threads` is a number', () => {
  const wrong = `import { renderBatch } from './index';\nexport const g = renderBatch({ items: [] }, {}, { threads: 'two' });\n`;
  expect(compile(wrong).join('\n')).toMatch(/'string' is not assignable to type 'number'/);
});
