// The client's API key against a server that has keys configured, over gRPC and gRPC-Web:
// UNAUTHENTICATED without a key or with a wrong one, PERMISSION_DENIED for a key without the
// call's role, answered with the key.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Code, createNodeClients } from '@realname-api/client/node';
import { createWebClients } from '@realname-api/client/web';
import { failure } from './failure.mjs';
import { startServer } from './server.mjs';

const faceMismatch = '人脸与公安网照片不一致,请确保是账户本人操作';
// A key as the README makes one (openssl rand -base64 32), and its hash (sha256sum).
const newKey = () => randomBytes(32).toString('base64');
const sha256 = (key) => createHash('sha256').update(key, 'utf8').digest('hex');
const diagnoseKey = newKey();
const statusKey = newKey();

let server;
before(async () => {
  server = await startServer([
    '--Auth:Keys:0:Id=ts-diagnose', '--Auth:Keys:0:Tenant=ts', '--Auth:Keys:0:Roles:0=diagnose', `--Auth:Keys:0:Sha256=${sha256(diagnoseKey)}`,
    '--Auth:Keys:1:Id=ts-status', '--Auth:Keys:1:Tenant=ts', '--Auth:Keys:1:Roles:0=status.read', `--Auth:Keys:1:Sha256=${sha256(statusKey)}`,
  ]);
});
after(async () => {
  await server?.stop();
});

const transports = [
  ['gRPC', (apiKey) => createNodeClients({ baseUrl: server.grpcUrl, apiKey })],
  ['gRPC-Web', (apiKey) => createWebClients({ baseUrl: server.httpUrl, apiKey })],
];

for (const [name, connect] of transports) {
  describe(`API key over ${name}`, () => {
    const diagnose = (apiKey) => connect(apiKey).remediation.diagnose({ platform: 'dayu', message: faceMismatch, locale: 'en' });

    test('without a key the call is UNAUTHENTICATED', async () => {
      const error = await failure(() => diagnose(undefined));
      assert.equal(error.code, Code.Unauthenticated);
      assert.equal(error.errorInfo?.reason, 'API_KEY_MISSING');
      assert.ok(error.localizedMessage);
    });

    test('with a wrong key the call is UNAUTHENTICATED', async () => {
      const error = await failure(() => diagnose(newKey()));
      assert.equal(error.code, Code.Unauthenticated);
      assert.equal(error.errorInfo?.reason, 'API_KEY_UNKNOWN');
    });

    test('a key without the role is PERMISSION_DENIED', async () => {
      const error = await failure(() => diagnose(statusKey));
      assert.equal(error.code, Code.PermissionDenied);
      assert.equal(error.errorInfo?.reason, 'ROLE_MISSING');
      assert.equal(error.errorInfo?.metadata.role, 'diagnose');
    });

    test('with the key the call is answered', async () => {
      const { diagnosis } = await diagnose(diagnoseKey);
      assert.equal(diagnosis?.ruleId, 'dayu.face-mismatch-police-photo');
      const page = await connect(statusKey).status.listVerificationStatuses({});
      assert.deepEqual(page.statuses, []);
    });
  });
}
