// RetryInfo as the server sends it: while the status store (Redis) is unreachable, status reads
// are UNAVAILABLE with a retry delay. The Redis address is a port nothing listens on.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { Code, ConnectError, createNodeClients, richError } from '@realname-api/client/node';
import { startServer } from './server.mjs';

/** A loopback port that was free a moment ago, so nothing answers there. */
async function closedPort() {
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

let server;
before(async () => {
  const port = await closedPort();
  server = await startServer([`--Redis:Configuration=127.0.0.1:${port},connectTimeout=500`, '--Cache:KeySecret=client-tests-key-secret']);
});
after(async () => {
  await server?.stop();
});

test('UNAVAILABLE carries RetryInfo, ErrorInfo and a LocalizedMessage', async () => {
  const clients = createNodeClients({ baseUrl: server.grpcUrl });
  let caught;
  try {
    await clients.status.getVerificationStatus({ caseRef: 'ts-retry-info' }, { headers: { 'accept-language': 'en' } });
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConnectError, `expected a failed call, got ${caught}`);
  const error = richError(caught);
  assert.equal(error.code, Code.Unavailable);
  assert.equal(error.errorInfo?.reason, 'STATUS_STORE_UNAVAILABLE');
  assert.ok(error.retryInfo && error.retryInfo.retryDelayMs > 0, JSON.stringify(error));
  assert.equal(error.localizedMessage?.locale, 'en');
});
