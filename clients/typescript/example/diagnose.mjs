// Diagnoses one failed verification, records it as a case and reads the case back.
//
//   node example/diagnose.mjs [grpc-url]      (default http://127.0.0.1:5001)
//
// Set REALNAME_API_KEY to send an API key.
import { randomUUID } from 'node:crypto';
import { Category, Outcome, VerificationState, createNodeClients, richError } from '@realname-api/client/node';

const baseUrl = process.argv[2] ?? 'http://127.0.0.1:5001';
const { remediation, status } = createNodeClients({ baseUrl, apiKey: process.env.REALNAME_API_KEY });

const caseRef = `example-${randomUUID()}`;
const { diagnosis } = await remediation.diagnose({
  platform: 'dayu',
  message: '人脸与公安网照片不一致,请确保是账户本人操作',
  locale: 'en',
  caseRef,
});
console.log(`${diagnosis.title} (${Category[diagnosis.category]}, ${Outcome[diagnosis.outcome]})`);
diagnosis.steps.forEach((step, i) => console.log(`  ${i + 1}. ${step.text}`));

const { status: recorded } = await status.getVerificationStatus({ caseRef });
console.log(`case ${recorded.caseId.slice(0, 12)}…: ${VerificationState[recorded.state]}`);

try {
  await remediation.diagnose({ platform: 'no-such-platform', message: 'x', locale: 'en' });
} catch (error) {
  const { codeName, localizedMessage, fieldViolations } = richError(error);
  console.log(`${codeName}: ${localizedMessage?.message}`, fieldViolations.map((v) => `${v.field} ${v.description}`));
}
