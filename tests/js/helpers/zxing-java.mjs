// SPDX-License-Identifier: MIT
// ZXing Java 3.4 (Debian's libzxing-core-java / libzxing-javase-java) through
// tests/panel/ZXingParse.java, compiled here into build/panel-java on first use. One JVM per
// call for many inputs. Missing java, javac or the jars is an error, never a skip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const source = resolve(root, 'tests/panel/ZXingParse.java');
const outDir = resolve(root, 'build/panel-java');
export const ZXING_JARS = ['/usr/share/java/core.jar', '/usr/share/java/javase.jar'];

let classpath = null;

function compiled() {
  if (classpath) return classpath;
  for (const jar of ZXING_JARS)
    if (!existsSync(jar)) throw new Error(`${jar} is missing: install libzxing-core-java and libzxing-javase-java (scripts/setup.sh)`);
  const cls = resolve(outDir, 'ZXingParse.class');
  if (!existsSync(cls) || statSync(cls).mtimeMs < statSync(source).mtimeMs) {
    mkdirSync(outDir, { recursive: true });
    // Compiled aside and renamed into place: the release and debug Jest stages run at the same
    // time (scripts/test.sh), and neither may load a class file the other is still writing.
    const aside = mkdtempSync(resolve(outDir, '.javac-'));
    try {
      execFileSync('javac', ['-cp', ZXING_JARS.join(':'), '-d', aside, source], { stdio: 'pipe' });
      for (const f of readdirSync(aside)) renameSync(resolve(aside, f), resolve(outDir, f));
    } catch (e) {
      throw new Error(`javac could not compile ${source} (install default-jdk-headless): ${e.stderr ?? e.message}`);
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
  }
  classpath = [outDir, ...ZXING_JARS].join(':');
  return classpath;
}

function run(mode, lines) {
  const out = execFileSync('java', ['-Duser.timezone=UTC', '-Djava.awt.headless=true', '-cp', compiled(), 'ZXingParse', mode], {
    input: lines.map((l) => `${l}\n`).join(''),
    maxBuffer: 256 * 1024 * 1024,
  }).toString('utf8');
  const results = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  if (results.length !== lines.length) throw new Error(`ZXingParse ${mode}: ${results.length} results for ${lines.length} inputs`);
  return results;
}

/** ResultParser.parseResult's fields for each payload text (JVM time zone UTC). */
export const zxingParse = (texts) => run('parse', texts.map((t) => Buffer.from(t, 'utf8').toString('base64')));
