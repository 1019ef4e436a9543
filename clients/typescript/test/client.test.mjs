// The client against the real server process: every RPC of both services over gRPC (HTTP/2,
// the Node transport) and over gRPC-Web (the browser transport, on Node's fetch), the rich
// errors, and deadlines.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  Category,
  Code,
  ConnectError,
  DocumentType,
  FindingCode,
  MatchKind,
  VerificationState,
  apiKeyInterceptor,
  createNodeClients,
  richError,
  richStatus,
} from '@realname-api/client/node';
import { createWebClients } from '@realname-api/client/web';
import { failure } from './failure.mjs';
import { startServer } from './server.mjs';

const faceMismatch = '人脸与公安网照片不一致,请确保是账户本人操作';

let server;
before(async () => {
  server = await startServer(['--Server:AllowedOrigins=http://dashboard.test']);
});
after(async () => {
  await server?.stop();
});

const transports = [
  ['gRPC', () => createNodeClients({ baseUrl: server.grpcUrl })],
  ['gRPC-Web', () => createWebClients({ baseUrl: server.httpUrl })],
];

for (const [name, connect] of transports) {
  describe(`over ${name}`, () => {
    let clients;
    before(() => {
      clients = connect();
    });

    test('Diagnose answers a typed diagnosis', async () => {
      const { diagnosis } = await clients.remediation.diagnose({ platform: 'dayu', message: faceMismatch, locale: 'en' });
      assert.equal(diagnosis.ruleId, 'dayu.face-mismatch-police-photo');
      assert.equal(diagnosis.category, Category.FACE_MISMATCH);
      assert.equal(diagnosis.matchKind, MatchKind.EXACT);
      assert.equal(diagnosis.locale, 'en');
      assert.ok(diagnosis.steps.length > 0);
      assert.match(diagnosis.steps[0].text, /^[\x00-\x7f]+$/, 'English steps');
    });

    test('BatchDiagnose answers each item, with a bad item as its own rich status', async () => {
      const { results } = await clients.remediation.batchDiagnose({
        requests: [
          { platform: 'dayu', message: faceMismatch },
          { message: faceMismatch, locale: 'en' },
        ],
      });
      assert.deepEqual(results.map((r) => [r.index, r.result.case]), [[0, 'diagnosis'], [1, 'error']]);
      assert.equal(results[0].result.value.category, Category.FACE_MISMATCH);
      const itemError = richStatus(results[1].result.value);
      assert.equal(itemError.codeName, 'INVALID_ARGUMENT');
      assert.deepEqual(itemError.fieldViolations.map((v) => v.field), ['platform']);
      assert.equal(itemError.errorInfo?.domain, 'realname.v1');
    });

    test('ValidateDocument finds a wrong check character', async () => {
      const response = await clients.remediation.validateDocument({
        platform: 'dayu',
        locale: 'en',
        document: { type: DocumentType.RESIDENT_ID_CARD, number: '110105194912310021' },
      });
      assert.equal(response.valid, false);
      const finding = response.findings.find((f) => f.code === FindingCode.NUMBER_CHECKSUM);
      assert.ok(finding, `findings: ${response.findings.map((f) => FindingCode[f.code])}`);
      assert.equal(finding.field, 'document.number');
      assert.ok(!finding.message.includes('110105194912310021'), 'the number is never echoed');
    });

    test('ListFailureRules pages through a platform\'s rules', async () => {
      const first = await clients.remediation.listFailureRules({ platform: 'dayu', pageSize: 2, locale: 'en' });
      assert.equal(first.rules.length, 2);
      assert.ok(first.totalSize > 2, `total ${first.totalSize}`);
      assert.ok(first.nextPageToken);
      const second = await clients.remediation.listFailureRules({ platform: 'dayu', pageSize: 2, locale: 'en', pageToken: first.nextPageToken });
      assert.ok(second.rules.length > 0);
      const ids = [...first.rules, ...second.rules].map((r) => r.ruleId);
      assert.equal(new Set(ids).size, ids.length, 'pages do not overlap');
      assert.ok(ids.every((id) => id.startsWith('dayu.')));
    });

    test('GetPlatformPolicy answers the platform\'s policy', async () => {
      const { policy } = await clients.remediation.getPlatformPolicy({ platform: 'dayu', locale: 'en' });
      assert.equal(policy.platform, 'dayu');
      assert.ok(policy.ruleCount > 0);
      assert.ok(policy.accountLimits.length > 0);
      assert.ok(policy.catalogVersion);
    });

    test('a Diagnose with a case_ref records a case that GetVerificationStatus and ListVerificationStatuses return', async () => {
      const caseRef = `ts-${randomUUID()}`;
      await clients.remediation.diagnose({ platform: 'dayu', message: faceMismatch, caseRef });
      const { status } = await clients.status.getVerificationStatus({ caseRef });
      assert.equal(status.platform, 'dayu');
      assert.equal(status.ruleId, 'dayu.face-mismatch-police-photo');
      assert.notEqual(status.state, VerificationState.UNSPECIFIED);
      assert.ok(status.caseId && !status.caseId.includes(caseRef), 'the case id is a hash of the reference');
      const page = await clients.status.listVerificationStatuses({ platform: 'dayu', pageSize: 100 });
      assert.ok(page.statuses.some((s) => s.caseId === status.caseId), 'the case is listed');
    });

    test('WatchVerificationStatus streams the status, then the case once it is recorded', async () => {
      const caseRef = `ts-${randomUUID()}`;
      const abort = new AbortController();
      const updates = clients.status.watchVerificationStatus({ caseRef }, { signal: abort.signal, timeoutMs: 30_000 })[Symbol.asyncIterator]();
      try {
        const first = await updates.next();
        assert.equal(first.value.status.state, VerificationState.UNKNOWN);
        await clients.remediation.diagnose({ platform: 'dayu', message: faceMismatch, caseRef });
        const recorded = await updates.next();
        assert.equal(recorded.value.status.ruleId, 'dayu.face-mismatch-police-photo');
        assert.notEqual(recorded.value.status.state, VerificationState.UNKNOWN);
      } finally {
        abort.abort();
      }
      // Aborting is how a watch is stopped; the stream then ends as CANCELED.
      await assert.rejects(updates.next(), (error) => error instanceof ConnectError && error.code === Code.Canceled);
    });

    test('a request without a platform is INVALID_ARGUMENT with a field violation, ErrorInfo and a LocalizedMessage', async () => {
      const error = await failure(() => clients.remediation.diagnose({ message: faceMismatch, locale: 'en' }));
      assert.equal(error.code, Code.InvalidArgument);
      assert.equal(error.codeName, 'INVALID_ARGUMENT');
      assert.deepEqual(error.fieldViolations.map((v) => v.field), ['platform']);
      assert.ok(error.fieldViolations[0].description);
      assert.equal(error.errorInfo?.domain, 'realname.v1');
      assert.ok(error.errorInfo?.reason);
      assert.equal(error.localizedMessage?.locale, 'en');
      assert.ok(error.localizedMessage?.message);
    });

    test('an unknown platform is NOT_FOUND, localized for the caller', async () => {
      const error = await failure(() => clients.remediation.getPlatformPolicy({ platform: 'no-such-platform', locale: 'zh-CN' }));
      assert.equal(error.code, Code.NotFound);
      assert.equal(error.errorInfo?.reason, 'PLATFORM_NOT_FOUND');
      assert.equal(error.localizedMessage?.locale, 'zh-CN');
      assert.match(error.localizedMessage?.message ?? '', /[\u4e00-\u9fff]/);
    });

    test('a case never recorded is NOT_FOUND', async () => {
      const error = await failure(() => clients.status.getVerificationStatus({ caseRef: `ts-${randomUUID()}` }));
      assert.equal(error.code, Code.NotFound);
      assert.equal(error.errorInfo?.reason, 'CASE_NOT_FOUND');
    });

    test('a call\'s own deadline ends a watch with DEADLINE_EXCEEDED', async () => {
      const error = await failure(async () => {
        for await (const _ of clients.status.watchVerificationStatus({ caseRef: `ts-${randomUUID()}` }, { timeoutMs: 500 })) {
          // the first update comes at once; the deadline ends the wait for the next
        }
      });
      assert.equal(error.code, Code.DeadlineExceeded);
    });
  });
}

describe('options', () => {
  test('the default deadline applies to a call that sets none', async () => {
    const clients = createNodeClients({ baseUrl: server.grpcUrl, defaultTimeoutMs: 500 });
    const started = Date.now();
    const error = await failure(async () => {
      for await (const _ of clients.status.watchVerificationStatus({ caseRef: `ts-${randomUUID()}` })) {
        // waits for an update that never comes
      }
    });
    assert.equal(error.code, Code.DeadlineExceeded);
    // Generous bound: only that the 500 ms default, not the 10 s one, ended it.
    assert.ok(Date.now() - started < 8_000, `took ${Date.now() - started} ms`);
  });

  test('a client with an API key calls a server without keys', async () => {
    // The server has no API keys yet: this shows only that the key's interceptor leaves calls
    // working over both transports, not that the server checks the key.
    for (const clients of [
      createNodeClients({ baseUrl: server.grpcUrl, apiKey: 'an-api-key' }),
      createWebClients({ baseUrl: server.httpUrl, apiKey: 'an-api-key' }),
    ]) {
      const { diagnosis } = await clients.remediation.diagnose({ platform: 'dayu', message: faceMismatch });
      assert.ok(diagnosis.ruleId);
    }
  });

  test('an API key must be a single-line, non-empty string', () => {
    assert.throws(() => apiKeyInterceptor(''), TypeError);
    assert.throws(() => apiKeyInterceptor('key\r\nx-injected: 1'), TypeError);
    assert.throws(() => createNodeClients({ baseUrl: server.grpcUrl, apiKey: 'a\nb' }), TypeError);
  });

  test('an error that is not a ConnectError decodes as UNKNOWN without details', () => {
    const error = richError(new Error('boom'));
    assert.equal(error.codeName, 'UNKNOWN');
    assert.deepEqual(error.fieldViolations, []);
    assert.equal(error.errorInfo, undefined);
  });
});
