// Bundles the page with esbuild into dist/: index.html, favicon.svg and assets/ whose names
// carry a content hash (the server caches those for good and revalidates index.html).
// Type checking is tsc's job (npm run build runs it first); esbuild only strips the types.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'dist');

await rm(out, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { app: path.join(here, 'src/main.ts') },
  bundle: true,
  format: 'esm',
  target: ['chrome111', 'firefox113', 'safari16.4'],
  minify: true,
  sourcemap: 'linked',
  outdir: path.join(out, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.relative(out, path.resolve(file)));
const script = outputs.find((file) => file.endsWith('.js'));
const styles = outputs.find((file) => file.endsWith('.css'));
if (!script || !styles) throw new Error(`esbuild wrote no script or styles: ${outputs.join(', ')}`);

const html = await readFile(path.join(here, 'src/index.html'), 'utf8');
await writeFile(path.join(out, 'index.html'), html.replace('%SCRIPT%', `/${script}`).replace('%STYLES%', `/${styles}`));
await copyFile(path.join(here, 'src/favicon.svg'), path.join(out, 'favicon.svg'));
await mkdir(out, { recursive: true });

const sizes = await Promise.all([script, styles].map(async (file) => `${file} ${((await readFile(path.join(out, file))).length / 1024).toFixed(1)} KiB`));
console.log(`dashboard built in ${path.relative(process.cwd(), out) || '.'}: ${sizes.join(', ')}`);
