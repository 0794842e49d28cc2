// SPDX-License-Identifier: MIT
// Frames (design.frame) and print output (pdf, eps, size_mm / size_in, dpi) through the JS API:
// the contract (codes, paths), the files' own validity judged by independent tools (qpdf,
// poppler's pdftoppm, Ghostscript, pngjs), text drawn as outlines only, golden files, and
// every framed code and every PDF/EPS read by the decoder panel (tests/js/helpers/panel.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { init, render, validateBatch } from './helpers/qredge.mjs';
import { PANEL, misses, panelPng, readWithPanel } from './helpers/panel.mjs';

const goldenDir = resolve(dirname(fileURLToPath(import.meta.url)), '../golden');
const update = process.env.UPDATE_GOLDENS === '1';
const STYLES = ['box', 'banner-bottom', 'banner-top', 'rounded', 'ticket'];
const target = { destination: 'https://example.com/frame' };
const payload = 'https://example.com/frame';
const logo = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMCAYAAABWdVznAAAAUklEQVR4AZXBwQnAIBBFwfcXOwlo/+UISS0bwYMaArozunPmw1mJSWJw/jmdaIzO2XMaI8gA55ynq1YijKD0lEKEAeKcjCCjE3uiSQyic1Zi8gIrTwxIm4qiBAAAAABJRU5ErkJggg==';

let work;
beforeAll(async () => {
  await init();
  work = mkdtempSync(join(tmpdir(), 'qredge-print-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const errorOf = (design, output) => {
  try {
    render(target, design, output);
  } catch (e) {
    return { code: e.code, path: e.path, message: e.message };
  }
  throw new Error('render succeeded');
};

describe('design.frame contract', () => {
  test.each([
    [{ frame: 'box' }, 'invalid_type', '/design/frame'],
    [{ frame: { style: 'circle' } }, 'invalid_value', '/design/frame/style'],
    [{ frame: { style: 7 } }, 'invalid_type', '/design/frame/style'],
    [{ frame: { colour: '#000' } }, 'unknown_field', '/design/frame/colour'],
    [{ frame: { color: 'navy' } }, 'invalid_color', '/design/frame/color'],
    [{ frame: { text_color: '#12' } }, 'invalid_color', '/design/frame/text_color'],
    [{ frame: { text: 42 } }, 'invalid_type', '/design/frame/text'],
    [{ frame: { text: 'x'.repeat(41) } }, 'too_long', '/design/frame/text'],
    [{ frame: { text: 'two\nlines' } }, 'invalid_value', '/design/frame/text'],
    [{ frame: { text: 'スキャン' } }, 'unsupported_character', '/design/frame/text'],
    [{ frame: { text: 'W'.repeat(40) } }, 'frame_text_too_wide', '/design/frame/text'],
  ])('%j -> %s at %s', (design, code, path) => {
    const e = errorOf(design, {});
    expect(e).toMatchObject({ code, path });
    expect(e.message.length).toBeGreaterThan(10);
  });

  test('40 characters of Latin, Greek and Cyrillic with spaces are accepted', () => {
    const text = 'Scan me Σάρωσε με Сканируй меня today!!';
    expect([...text].length).toBeLessThanOrEqual(40);
    const r = render(target, { frame: { text } }, { format: 'svg' });
    expect(r.format).toBe('svg');
  });

  test('a frame needs a quiet zone of 2 modules (request error at /output/margin)', () => {
    const v = validateBatch({ items: [{ target }], design: { frame: { text: 'Hi' } }, output: { margin: 1 } });
    expect(v.ok).toBe(false);
    expect(v.errors[0]).toMatchObject({ code: 'out_of_range', path: '/output/margin' });
  });

  test('the validated design echoes the frame with its defaults', () => {
    const v = validateBatch({ items: [{ target }], design: { frame: { style: 'ticket', text: 'Hi' } } });
    expect(v.design.frame).toEqual({ style: 'ticket', text: 'Hi', color: '#000000', text_color: '#ffffff' });
  });
});

describe('output size contract', () => {
  test.each([
    [{ size_mm: 'big' }, 'invalid_type', '/output/size_mm'],
    [{ size_mm: 5 }, 'out_of_range', '/output/size_mm'],
    [{ size_in: 41 }, 'out_of_range', '/output/size_in'],
    [{ size: 300, size_mm: 30 }, 'conflicting_fields', '/output/size_mm'],
    [{ size_mm: 30, size_in: 1 }, 'conflicting_fields', '/output/size_in'],
    [{ dpi: 50 }, 'out_of_range', '/output/dpi'],
    [{ dpi: 300.5 }, 'invalid_type', '/output/dpi'],
    [{ format: 'png', size_mm: 500, dpi: 300 }, 'out_of_range', '/output/size_mm'],
    [{ format: 'tiff' }, 'invalid_value', '/output/format'],
  ])('%j -> %s at %s', (output, code, path) => {
    expect(errorOf({}, output)).toMatchObject({ code, path });
  });

  // The pHYs chunk as pngjs does not expose it: walk the chunks.
  const phys = (png) => {
    const b = Buffer.from(png);
    for (let at = 8; at < b.length;) {
      const len = b.readUInt32BE(at), type = b.toString('latin1', at + 4, at + 8);
      if (type === 'pHYs') return { x: b.readUInt32BE(at + 8), y: b.readUInt32BE(at + 12), unit: b[at + 16] };
      at += 12 + len;
    }
    return null;
  };

  test('size_mm at a dpi gives that many pixels and a pHYs chunk in pixels per metre', () => {
    const r = render(target, {}, { format: 'png', size_mm: 25, dpi: 600 });
    const img = PNG.sync.read(Buffer.from(r.data));   // pngjs checks every CRC
    expect(img.width).toBe(Math.round(25 / 25.4 * 600));
    expect(phys(r.data)).toEqual({ x: Math.round(600 / 0.0254), y: Math.round(600 / 0.0254), unit: 1 });
  });

  test('size_in defaults to 300 dpi; a pixel size with a dpi keeps its pixels', () => {
    const a = render(target, { shapes: { body: 'dots' } }, { format: 'png', size_in: 1 });
    expect(PNG.sync.read(Buffer.from(a.data)).width).toBe(300);
    expect(phys(a.data).x).toBe(Math.round(300 / 0.0254));
    const b = render(target, {}, { format: 'png', size: 256, dpi: 72 });
    expect(PNG.sync.read(Buffer.from(b.data)).width).toBe(256);
    expect(phys(b.data).x).toBe(Math.round(72 / 0.0254));
    expect(phys(render(target, {}, { format: 'png', size: 256 }).data)).toBeNull();
  });

  test('SVG with a physical size declares it in mm', () => {
    const r = render(target, {}, { format: 'svg', size_mm: 30 });
    expect(r.data).toMatch(/^<svg[^>]* width="30mm" height="30mm"/);
  });

  test('modules under 0.4 mm get a small_print_modules warning; 0.4 mm and more do not', () => {
    const long = { destination: 'https://example.com/' + 'a'.repeat(120) };
    const small = render(long, {}, { format: 'pdf', size_mm: 12 });
    const modules = small.modules + 8;
    expect(12 / modules).toBeLessThan(0.4);
    expect(small.scan.warnings.map((w) => w.code)).toContain('small_print_modules');
    const big = render(long, {}, { format: 'pdf', size_mm: Math.ceil(modules * 0.4) + 1 });
    expect(big.scan.warnings.map((w) => w.code)).not.toContain('small_print_modules');
  });
});

const tool = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
let fileNo = 0;
const save = (data, ext) => {
  const f = join(work, `f${fileNo++}.${ext}`);
  writeFileSync(f, data);
  return f;
};
// PDF -> PNG by poppler, EPS -> PNG by Ghostscript, at 200 dpi.
const pdfToPng = (pdf) => {
  const f = save(pdf, 'pdf');
  tool('pdftoppm', ['-r', '200', '-png', '-singlefile', f, f]);
  return readFileSync(`${f}.png`);
};
const epsToPng = (eps) => {
  const f = save(eps, 'eps');
  tool('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-dEPSCrop', '-sDEVICE=png16m', '-r200', `-sOutputFile=${f}.png`, f]);
  return readFileSync(`${f}.png`);
};

// Designs that exercise every part of the print writers and the frame.
const DESIGNS = {
  plain: {},
  'rounded-gradient': { shapes: { body: 'rounded', eye_frame: 'circle', eye_ball: 'circle' },
    gradient: { start: '#000000', end: '#1e3a8a', type: 'radial' } },
  'dots-linear-eyes': { shapes: { body: 'dots', eye_frame: 'extra-rounded', eye_ball: 'star' },
    gradient: { start: '#111827', end: '#7c2d12', type: 'linear-diagonal' }, eye_colors: { frame: '#b91c1c' } },
  logo: { shapes: { body: 'classy-rounded' }, logo: { url: logo, size: 0.22, clear_background: true } },
  transparent: { transparent_background: true, colors: { foreground: '#14532d' }, shapes: { body: 'diamond' } },
};
const FRAMES = STYLES.map((style, i) => ({ style, text: ['SCAN ME', 'Σάρωσε με', 'Сканируй меня', 'Menu · Carta · Меню', 'Ticket 42 — entrée'][i],
  color: ['#000000', '#1e3a8a', '#7c2d12', '#14532d', '#4c1d95'][i] }));

describe('print files are valid and text is outlines', () => {
  test('qpdf --check accepts every PDF; PDFs have no /Font, SVGs no <text>', () => {
    for (const [name, design] of Object.entries(DESIGNS)) {
      for (const frame of [undefined, ...FRAMES]) {
        const d = frame ? { ...design, frame } : design;
        const pdf = render(target, d, { format: 'pdf', size_mm: 40 }).data;
        expect(Buffer.from(pdf.slice(0, 8)).toString('latin1')).toBe('%PDF-1.4');
        const out = tool('qpdf', ['--check', save(pdf, 'pdf')]);
        expect(out).toContain('No syntax or stream encoding errors found');
        expect(Buffer.from(pdf).toString('latin1')).not.toMatch(/\/Font|\/CreationDate|\/ModDate/);
        const svg = render(target, d, { format: 'svg', size: 300 }).data;
        expect(svg).not.toMatch(/<text|font-family|@font-face/);
        if (frame) expect(svg).toContain(`fill="${frame.color}"`);
      }
      expect(name).toBeTruthy();
    }
  });

  test('the page has the physical size asked for (pdfinfo), frames make it taller', () => {
    const pt = (mm) => mm / 25.4 * 72;
    const info = (pdf) => tool('pdfinfo', [save(pdf, 'pdf')]);
    const size = (text) => text.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/).slice(1).map(Number);
    const [w, h] = size(info(render(target, {}, { format: 'pdf', size_mm: 50 }).data));
    expect(w).toBeCloseTo(pt(50), 1);
    expect(h).toBeCloseTo(pt(50), 1);
    const [fw, fh] = size(info(render(target, { frame: { text: 'Hi' } }, { format: 'pdf', size_in: 2 }).data));
    expect(fw).toBeGreaterThan(144);
    expect(fh).toBeGreaterThan(fw);
  });

  test('same input, same bytes (PDF, EPS, framed SVG and PNG)', () => {
    const d = { ...DESIGNS.logo, frame: FRAMES[4] };
    for (const format of ['pdf', 'eps', 'svg', 'png']) {
      const a = render(target, d, { format, size: 300 }).data, b = render(target, d, { format, size: 300 }).data;
      expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    }
  });

  test('EPS is level-3 EPSF with a bounding box, shfill for gradients and no fonts', () => {
    const eps = Buffer.from(render(target, DESIGNS['rounded-gradient'], { format: 'eps', size_mm: 30 }).data).toString('latin1');
    expect(eps).toMatch(/^%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 86 86\n/);
    expect(eps).toContain('shfill');
    expect(eps).not.toMatch(/findfont|\/Font/);
  });
});

describe('the decoder panel reads every framed code and every PDF/EPS', () => {
  const images = [];
  const add = (label, png) => images.push({ label, png });

  test('renders', async () => {
    for (const [name, design] of Object.entries(DESIGNS)) {
      for (const frame of FRAMES) {
        const d = { ...design, frame };
        add(`${name}/${frame.style}/svg`, await panelPng(render(target, d, { format: 'svg', size: 400 }).data, 480));
        add(`${name}/${frame.style}/png`, await panelPng(render(target, d, { format: 'png', size: 400 }).data));
        add(`${name}/${frame.style}/pdf`, await panelPng(pdfToPng(render(target, d, { format: 'pdf', size_mm: 40 }).data)));
        add(`${name}/${frame.style}/eps`, await panelPng(epsToPng(render(target, d, { format: 'eps', size_mm: 40 }).data)));
      }
      add(`${name}/pdf`, await panelPng(pdfToPng(render(target, design, { format: 'pdf', size_mm: 30 }).data)));
      add(`${name}/eps`, await panelPng(epsToPng(render(target, design, { format: 'eps', size_mm: 30 }).data)));
    }
    expect(images.length).toBe(Object.keys(DESIGNS).length * (FRAMES.length * 4 + 2));
  }, 300000);

  test('every decoder of the panel reads each image', async () => {
    const results = await readWithPanel(images.map((i) => i.png), { decoders: PANEL });
    const failed = [];
    const counts = Object.fromEntries(PANEL.map((d) => [d, 0]));
    results.forEach((r, i) => {
      const m = misses(r, payload);
      for (const d of PANEL) if (!m.includes(d)) counts[d]++;
      if (m.length) failed.push(`${images[i].label}: ${m.join(', ')}`);
    });
    console.log(`panel: ${images.length} images (framed SVG/PNG/PDF/EPS, unframed PDF/EPS); read by ${JSON.stringify(counts)}`);
    expect(failed).toEqual([]);
  }, 600000);
});

describe('golden files for frames and print formats', () => {
  const cases = {
    'frame-box': [{ frame: { style: 'box', text: 'SCAN ME' } }],
    'frame-ticket-gradient': [{ ...DESIGNS['rounded-gradient'], frame: { style: 'ticket', text: 'Σάρωσε · Сканируй', color: '#1e3a8a' } }],
    'print-logo': [DESIGNS.logo],
    'print-frame-rounded': [{ ...DESIGNS['dots-linear-eyes'], frame: { style: 'rounded', text: 'Menu', color: '#14532d' } }],
  };
  const check = (name, data) => {
    const file = resolve(goldenDir, name);
    if (update) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, data);
    }
    if (!existsSync(file)) throw new Error(`missing golden ${file}: see tests/README.md`);
    return readFileSync(file);
  };
  test.each(Object.keys(cases))('%s: SVG, PDF and EPS byte for byte, PNG pixel for pixel', (name) => {
    const [design] = cases[name];
    for (const format of ['svg', 'pdf', 'eps']) {
      const data = Buffer.from(render(target, design, { format, size: 320 }).data);
      expect(data.equals(check(`${name}.${format}`, data))).toBe(true);
    }
    const png = Buffer.from(render(target, design, { format: 'png', size: 256 }).data);
    const a = PNG.sync.read(png), e = PNG.sync.read(check(`${name}.png`, png));
    expect([a.width, a.height]).toEqual([e.width, e.height]);
    let differing = 0;
    for (let i = 0; i < a.data.length; i++) if (Math.abs(a.data[i] - e.data[i]) > 3) differing++;
    expect(differing / a.data.length).toBeLessThan(0.002);
  });
});
