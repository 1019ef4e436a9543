// Interop tests: Node @grpc/grpc-js (a pure-JavaScript gRPC implementation) against a running
// RealNameApi server. The address comes from REALNAME_GRPC_TARGET (host:port of the HTTP/2 gRPC
// port); the contract is loaded from the repository's protos/ at run time.
//
// Run: REALNAME_GRPC_TARGET=127.0.0.1:5001 node --test tests/interop/node/

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

const protos = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../protos');
const target = process.env.REALNAME_GRPC_TARGET ?? '127.0.0.1:5001';
const faceMismatch = '人脸与公安网照片不一致,请确保是账户本人操作';

const loaderOptions = { includeDirs: [protos], keepCase: true, longs: String, enums: String, defaults: true };
const definition = protoLoader.loadSync(
  [
    'realname/v1/remediation_service.proto',
    'realname/v1/verification_status_service.proto',
    'grpc/health/v1/health.proto',
    'grpc/reflection/v1/reflection.proto',
    'grpc/reflection/v1alpha/reflection.proto',
  ],
  loaderOptions,
);
const api = grpc.loadPackageDefinition(definition);

// google.rpc.Status and its details, decoded with protobufjs straight from the proto files.
const richTypes = new protobuf.Root();
richTypes.resolvePath = (_origin, target) => path.join(protos, target);
richTypes.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], { keepCase: true });
const Status = richTypes.lookupType('google.rpc.Status');

/** Decodes grpc-status-details-bin into { code, message, details: { typeName: decoded } }. */
function richStatus(error) {
  const [bytes] = error.metadata.get('grpc-status-details-bin');
  assert.ok(bytes, 'no grpc-status-details-bin trailer');
  const status = Status.decode(bytes);
  const details = {};
  for (const any of status.details) {
    const typeName = any.type_url.slice(any.type_url.lastIndexOf('/') + 1);
    details[typeName] = richTypes.lookupType(typeName).decode(any.value);
  }
  return { code: status.code, message: status.message, details };
}

const deadline = (ms) => ({ deadline: new Date(Date.now() + ms) });
const unary = (client, method, request, metadata = new grpc.Metadata(), ms = 10_000) =>
  new Promise((resolve, reject) =>
    client[method](request, metadata, deadline(ms), (error, response) => (error ? reject(error) : resolve(response))),
  );
const firstMessage = (call) =>
  new Promise((resolve, reject) => {
    call.once('data', resolve);
    call.once('error', reject);
  });
const finalError = (call) =>
  new Promise((resolve, reject) => {
    call.on('data', () => {});
    call.on('error', resolve);
    call.on('end', () => reject(new Error('stream ended without an error')));
  });

describe('grpc-js against RealNameApi', () => {
  let remediation;
  let status;
  let health;

  before(async () => {
    const credentials = grpc.credentials.createInsecure();
    remediation = new api.realname.v1.RemediationService(target, credentials);
    status = new api.realname.v1.VerificationStatusService(target, credentials);
    health = new api.grpc.health.v1.Health(target, credentials);
    await new Promise((resolve, reject) =>
      remediation.waitForReady(Date.now() + 10_000, (error) => (error ? reject(error) : resolve())),
    );
  });

  after(() => {
    for (const client of [remediation, status, health]) client.close();
  });

  test('unary Diagnose', async () => {
    const { diagnosis } = await unary(remediation, 'Diagnose', { platform: 'dayu', message: faceMismatch });
    assert.equal(diagnosis.platform, 'dayu');
    assert.equal(diagnosis.category, 'CATEGORY_FACE_MISMATCH');
    assert.equal(diagnosis.match_kind, 'MATCH_KIND_EXACT');
    assert.equal(diagnosis.locale, 'zh-CN');
    assert.ok(diagnosis.steps.length > 0);
  });

  test('unary Diagnose in English via the locale field', async () => {
    const { diagnosis } = await unary(remediation, 'Diagnose', { platform: 'dayu', message: faceMismatch, locale: 'en' });
    assert.equal(diagnosis.locale, 'en');
    assert.match(diagnosis.title, /^[\x00-\x7f]+$/);
  });

  test('an error carries decodable rich details', async () => {
    const error = await unary(remediation, 'Diagnose', { message: faceMismatch }).then(
      () => assert.fail('expected INVALID_ARGUMENT'),
      (e) => e,
    );
    assert.equal(error.code, grpc.status.INVALID_ARGUMENT);
    const rich = richStatus(error);
    assert.equal(rich.code, grpc.status.INVALID_ARGUMENT);
    const fields = rich.details['google.rpc.BadRequest'].field_violations.map((v) => v.field);
    assert.ok(fields.includes('platform'), `violations: ${fields}`);
    assert.equal(rich.details['google.rpc.ErrorInfo'].domain, 'realname.v1');
  });

  test('an unknown platform is NOT_FOUND', async () => {
    const error = await unary(remediation, 'Diagnose', { platform: 'no-such-platform', message: 'x' }).then(
      () => assert.fail('expected NOT_FOUND'),
      (e) => e,
    );
    assert.equal(error.code, grpc.status.NOT_FOUND);
  });

  test('server stream: a watch sees the recorded case', async () => {
    const caseRef = `node-${randomUUID()}`;
    await unary(remediation, 'Diagnose', { platform: 'dayu', message: faceMismatch, case_ref: caseRef });
    const call = status.WatchVerificationStatus({ case_ref: caseRef }, deadline(10_000));
    const first = await firstMessage(call);
    assert.equal(first.status.platform, 'dayu');
    assert.notEqual(first.status.state, 'VERIFICATION_STATE_UNSPECIFIED');
    assert.ok(!first.status.case_id.includes(caseRef));
    call.cancel();
  });

  test('a deadline is exceeded', async () => {
    const call = status.WatchVerificationStatus({ case_ref: `node-${randomUUID()}` }, deadline(500));
    const error = await finalError(call);
    assert.equal(error.code, grpc.status.DEADLINE_EXCEEDED);
  });

  test('a call is cancelled', async () => {
    const call = status.WatchVerificationStatus({ case_ref: `node-${randomUUID()}` }, deadline(30_000));
    const ended = finalError(call);
    const first = await firstMessage(call);
    assert.equal(first.status.state, 'VERIFICATION_STATE_UNKNOWN');
    call.cancel();
    assert.equal((await ended).code, grpc.status.CANCELLED);
    const { diagnosis } = await unary(remediation, 'Diagnose', { platform: 'dayu', message: faceMismatch });
    assert.ok(diagnosis.rule_id);
  });

  test('health Check', async () => {
    for (const service of ['', 'realname.v1.RemediationService', 'realname.v1.VerificationStatusService']) {
      const response = await unary(health, 'Check', { service });
      assert.equal(response.status, 'SERVING', service);
    }
    const error = await unary(health, 'Check', { service: 'no.such.Service' }).then(
      () => assert.fail('expected NOT_FOUND'),
      (e) => e,
    );
    assert.equal(error.code, grpc.status.NOT_FOUND);
  });

  test('health Watch', async () => {
    const call = health.Watch({ service: 'realname.v1.RemediationService' }, deadline(5_000));
    assert.equal((await firstMessage(call)).status, 'SERVING');
    call.cancel();
    const unknown = health.Watch({ service: 'no.such.Service' }, deadline(5_000));
    assert.equal((await firstMessage(unknown)).status, 'SERVICE_UNKNOWN');
    unknown.cancel();
  });

  for (const version of ['v1', 'v1alpha']) {
    test(`reflection ${version}: list services and fetch file descriptors`, async () => {
      const reflection = new api.grpc.reflection[version].ServerReflection(target, grpc.credentials.createInsecure());
      try {
        const ask = (request) =>
          new Promise((resolve, reject) => {
            const call = reflection.ServerReflectionInfo(deadline(10_000));
            call.once('data', (response) => {
              resolve(response);
              call.end();
            });
            call.once('error', reject);
            call.write(request);
          });
        const listed = await ask({ list_services: '' });
        const names = listed.list_services_response.service.map((s) => s.name);
        for (const expected of ['realname.v1.RemediationService', 'realname.v1.VerificationStatusService', 'grpc.health.v1.Health']) {
          assert.ok(names.includes(expected), `${expected} in ${names}`);
        }
        const files = await ask({ file_containing_symbol: 'realname.v1.VerificationStatusService' });
        const decoded = files.file_descriptor_response.file_descriptor_proto.map((b) =>
          descriptor.FileDescriptorProto.decode(b),
        );
        const byName = Object.fromEntries(decoded.map((f) => [f.name, f]));
        const own = byName['realname/v1/verification_status_service.proto'];
        assert.ok(own, `files: ${Object.keys(byName)}`);
        assert.deepEqual(
          own.service[0].method.map((m) => m.name).sort(),
          ['GetVerificationStatus', 'ListVerificationStatuses', 'WatchVerificationStatus'],
        );
        for (const dependency of own.dependency) assert.ok(byName[dependency], `dependency ${dependency} sent`);
      } finally {
        reflection.close();
      }
    });
  }
});
