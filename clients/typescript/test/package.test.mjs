// The package as a portal gets it: `npm pack`, the tarball installed into an empty project, its
// entry points imported there, and the example run from there against the real server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startServer } from './server.mjs';

const run = promisify(execFile);
const packageDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', timeout: 180_000 });

let server;
let project;
before(async () => {
  server = await startServer();
  project = mkdtempSync(path.join(tmpdir(), 'realname-client-portal-'));
});
after(async () => {
  await server?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

test('npm pack makes a package that installs, imports and calls the server', async () => {
  // Scripts are skipped: `npm test` has just built dist/, and prepack would generate again.
  await npm(['pack', '--ignore-scripts', '--pack-destination', project], packageDirectory);
  const [tarball] = readdirSync(project).filter((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote no tarball');

  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'portal', private: true, type: 'module' }));
  await npm(['install', '--prefer-offline', `./${tarball}`], project);

  const { stdout: entries } = await run(process.execPath, ['--input-type=module', '-e', `
    const node = await import('@realname-api/client/node');
    const web = await import('@realname-api/client/web');
    const core = await import('@realname-api/client');
    console.log(JSON.stringify([typeof node.createNodeClients, typeof web.createWebClients, typeof core.richError, core.RemediationService.typeName]));
  `], { cwd: project, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(entries), ['function', 'function', 'function', 'realname.v1.RemediationService']);

  cpSync(path.join(packageDirectory, 'example'), path.join(project, 'example'), { recursive: true });
  const { stdout } = await run(process.execPath, ['example/diagnose.mjs', server.grpcUrl], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  assert.match(stdout, /FACE_MISMATCH, FIX_AND_RETRY/);
  assert.match(stdout, /^case \S+: [A-Z_]+$/m);
  assert.match(stdout, /^NOT_FOUND: /m);
});
