// The real, built server as a child process on free ports, for the tests. Ready once its
// start-up line names both ports and /healthz answers "ok"; stop() kills it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const assembly = path.join(repository, 'src/RealNameApi.Server/bin/Release/net10.0/RealNameApi.Server.dll');
const startTimeoutMs = 60_000;
const serving = /serving gRPC \(HTTP\/2\) on (http:\/\/\S+) and gRPC-Web, \/healthz \(HTTP\/1\.1\) on (http:\/\/\S+)/;

// The server runs under a small shell guard that kills it when the guard's standard input closes:
// on stop(), and also when this test process dies in any way (even SIGKILL), because the pipe
// closes with it.
const guard = 'trap "" INT; "$@" & child=$!; read -r _; kill -KILL "$child" 2>/dev/null; wait "$child" 2>/dev/null';

/**
 * Starts the server with --Server:GrpcPort=0 --Server:HttpPort=0 and the given extra
 * configuration arguments. Resolves to { grpcUrl, httpUrl, output(), stop() }.
 */
export async function startServer(configuration = []) {
  if (!existsSync(assembly)) {
    throw new Error(`${assembly} is missing: build it first with \`dotnet build src/RealNameApi.Server -c Release\``);
  }
  // Only the arguments configure the server, not whatever the environment holds.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(Server|Redis|Cache|Status|Logging|Auth)__/i.test(key) && !/^(ASPNETCORE|DOTNET)_(URLS|ENVIRONMENT)$/.test(key),
    ),
  );
  const child = spawn(
    'bash',
    ['-c', guard, 'server-guard', 'dotnet', assembly, '--Server:GrpcPort=0', '--Server:HttpPort=0', '--Server:ListenAddress=127.0.0.1', ...configuration],
    { cwd: path.dirname(assembly), env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines = [];
  let exited = false;
  const announced = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        lines.push(line);
        const match = serving.exec(line);
        if (match) resolve({ grpcUrl: match[1], httpUrl: match[2] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      exited = true;
      reject(new Error(`the server exited with ${code} while starting`));
    });
  });
  const stop = async () => {
    if (exited) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    if (!exited) child.kill('SIGKILL');
  };
  const output = () => lines.join('\n');
  try {
    const { grpcUrl, httpUrl } = await withTimeout(announced, startTimeoutMs, 'the start-up line');
    await waitUntilHealthy(httpUrl, () => exited);
    return { grpcUrl, httpUrl, output, stop };
  } catch (error) {
    await stop();
    throw new Error(`the server did not start (${error.message}). Its output:\n${output()}`);
  }
}

async function waitUntilHealthy(httpUrl, hasExited) {
  const until = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      const response = await fetch(new URL('/healthz', httpUrl), { signal: AbortSignal.timeout(5_000) });
      if (response.ok && (await response.text()) === 'ok') return;
    } catch {
      // not listening yet
    }
    if (hasExited() || Date.now() > until) throw new Error(`/healthz on ${httpUrl} did not answer ok`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
