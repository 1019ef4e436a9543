// The dashboard in real headless Chromium against the real server process (with its test-only
// clock on), while another client records cases over gRPC.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { VerificationState, createNodeClients } from '@realname-api/client/node';
import { repository, startServer } from '../../typescript/test/server.mjs';
import { launchBrowser } from './browser.mjs';

const artifacts = path.join(repository, 'artifacts/dashboard');
const faceMismatch = '人脸与公安网照片不一致,请确保是账户本人操作';
const newDocument = '不在实名库中'; // aliyun-domain: wait 10 natural days, then retry
const newDocumentRule = 'aliyun-domain.new-document-not-in-registry';
const validityCheck = '注册者身份有效性验证失败'; // aliyun-domain: wait 1 to 3 working days
// The list is listed again every 5 s; allow for a loaded machine.
const listWaitMs = 20_000;

let server;
let bare; // a second server, without the built page
let empty;
let browser;
let page;
let grpc;
const recorded = { ref: `dashboard-${randomUUID()}`, caseId: '' };
const workingDays = { ref: `dashboard-${randomUUID()}`, caseId: '' };

before(async () => {
  await mkdir(artifacts, { recursive: true });
  empty = await mkdtemp(path.join(os.tmpdir(), 'dashboard-none-'));
  [server, bare, browser] = await Promise.all([
    startServer(['--Testing:Enabled=true']),
    startServer([`--Dashboard:Directory=${empty}`]),
    launchBrowser(),
  ]);
  grpc = createNodeClients({ baseUrl: server.grpcUrl });
  page = await browser.context.newPage();
});
after(async () => {
  await browser?.close();
  await Promise.all([server?.stop(), bare?.stop()]);
  if (empty) await rm(empty, { recursive: true, force: true });
});

/** The id of the focused element, or its tag and text when it has none. */
const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el?.id || `${el?.tagName.toLowerCase()}:${el?.textContent?.trim().slice(0, 30)}`;
});

describe('dashboard', () => {
  test('the page loads from the server with no console error, and every control has a label', async () => {
    const response = await page.goto(server.httpUrl);
    assert.equal(response.status(), 200);
    await page.waitForSelector('h1');
    assert.equal(await page.textContent('h1'), 'RealNameApi 运营面板');
    await page.waitForFunction(() => document.querySelectorAll('#cases-platform option').length > 1);
    await page.waitForSelector('.filters .note:not(:empty)'); // listed once
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select, textarea')].filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label')).map((c) => c.id || c.outerHTML),
    );
    assert.deepEqual(unlabelled, []);
    assert.deepEqual(browser.errors, []);
  });

  test('the page is served with a strict Content-Security-Policy; hashed assets are cached for good', async () => {
    const html = await fetch(server.httpUrl);
    const built = await readFile(path.join(repository, 'clients/dashboard/dist/index.html'), 'utf8').catch(() => 'no build');
    assert.equal(await html.clone().text(), built, 'the server serves the current build: `dotnet build src/RealNameApi.Server -c Release` copies it');
    assert.match(html.headers.get('content-security-policy'), /default-src 'none'; script-src 'self'/);
    assert.equal(html.headers.get('cache-control'), 'no-cache');
    const script = /src="(\/assets\/app-[^"]+\.js)"/.exec(await html.text())?.[1];
    assert.ok(script, 'index.html names its script');
    const asset = await fetch(new URL(script, server.httpUrl));
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(asset.headers.get('content-type'), /javascript/);
    await asset.arrayBuffer();
  });

  test('keyboard alone reaches every form control and runs a diagnosis whose steps are shown', async () => {
    await page.goto(server.httpUrl);
    await page.waitForSelector('a[data-view="diagnose"]');
    let presses = 0;
    while ((await focused()) !== 'a:诊断' && presses++ < 15) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'a:诊断', 'Tab reaches the Diagnose link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'diagnose-heading');
    await page.waitForFunction(() => document.querySelectorAll('#dx-platform option').length > 1);

    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'dx-platform');
    // Options are in platform order: aliyun-domain, dayu.
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#dx-platform'), 'dayu');
    const visited = new Set(['dx-platform']);
    for (let i = 0; i < 60 && (await focused()) !== 'button:诊断'; i++) {
      await page.keyboard.press('Tab');
      const id = await focused();
      visited.add(id);
      if (id === 'dx-message') await page.keyboard.type(faceMismatch);
    }
    const controls = ['dx-locale', 'dx-code', 'dx-message', 'dx-doc-type', 'dx-doc-number', 'dx-holder', 'dx-holder-en', 'dx-issue', 'dx-expiry', 'dx-long-term', 'dx-subject-type', 'dx-region', 'dx-accounts', 'button:诊断'];
    assert.deepEqual(controls.filter((c) => !visited.has(c)), [], `Tab visited ${[...visited].join(', ')}`);

    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer .steps > li');
    assert.equal(await focused(), 'preview-heading', 'focus moves to the answer');
    assert.equal(await page.getAttribute('.answer', 'data-rule'), 'dayu.face-mismatch-police-photo');
    assert.equal(await page.getAttribute('.answer', 'lang'), 'zh-CN');
    assert.ok((await page.locator('.answer .steps > li').count()) >= 2);
    assert.match(await page.textContent('.answer-title'), /\S/);
    assert.ok((await page.locator('.answer .channels > li').count()) >= 1, 'the appeal channels are shown');
  });

  test('the diagnosis shows the document findings and the alternatives; bad fields are marked', async () => {
    await page.goto(`${server.httpUrl}/#diagnose`);
    await page.waitForFunction(() => document.querySelectorAll('#dx-platform option').length > 1);
    await page.selectOption('#dx-platform', 'dayu');
    await page.selectOption('#dx-locale', 'en');
    await page.fill('#dx-message', faceMismatch);
    await page.selectOption('#dx-doc-type', { label: '居民身份证' });
    await page.fill('#dx-doc-number', '110105194912310021'); // the check character should be X
    await page.click('.diagnose-form button[type="submit"]');
    await page.waitForSelector('.answer .findings > li');
    assert.equal(await page.getAttribute('.answer', 'lang'), 'en');
    assert.match(await page.textContent('.answer .findings'), /check/i);
    assert.ok((await page.locator('.answer .alternatives > li').count()) >= 1, 'the alternatives are shown');

    // No message, code or document, and a negative account count: both fields are marked.
    await page.fill('#dx-message', '');
    await page.selectOption('#dx-doc-type', { index: 0 });
    await page.fill('#dx-doc-number', '');
    await page.fill('#dx-accounts', '-1');
    await page.click('.diagnose-form button[type="submit"]');
    await page.waitForSelector('#dx-accounts[aria-invalid="true"]');
    assert.equal(await page.getAttribute('#dx-message', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#dx-accounts-error'), /negative/);
    assert.match(await page.textContent('.form-error'), /请求中有字段无效|invalid/i);
    assert.equal(await focused(), 'dx-message', 'focus moves to the first bad field');
  });

  test('a case recorded by another client appears in the list without a reload', async () => {
    await page.goto(`${server.httpUrl}/#cases`);
    await page.waitForSelector('.filters .note:not(:empty)');
    await page.evaluate(() => { window.notReloaded = true; });

    await grpc.remediation.diagnose({ platform: 'aliyun-domain', message: newDocument, caseRef: recorded.ref });
    await grpc.remediation.diagnose({ platform: 'aliyun-domain', message: validityCheck, caseRef: workingDays.ref });
    const { status } = await grpc.status.getVerificationStatus({ caseRef: recorded.ref });
    assert.equal(status.state, VerificationState.WAITING);
    recorded.caseId = status.caseId;
    recorded.earliest = new Date(Number(status.retry.earliest.seconds) * 1000);

    const row = page.locator(`#case-list details.case[data-case-id="${recorded.caseId}"]`);
    await row.waitFor({ timeout: listWaitMs });
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'the page was not reloaded');
    assert.equal(await row.getAttribute('data-state'), 'WAITING');
    assert.equal(await row.locator('.case-title').textContent(), '不在实名库中:新颁发的证件尚未同步');
    assert.match(await row.locator('summary .countdown').textContent(), /^\d+天 \d+:\d\d:\d\d后开放$/);

    // Its details: the window as Shanghai dates with its notes, the rule's steps and the appeal.
    await row.locator('summary').click();
    await row.locator('.case-guidance .steps > li').first().waitFor();
    const body = await row.locator('.case-body').textContent();
    assert.equal(await row.locator('.retry time').first().getAttribute('datetime'), recorded.earliest.toISOString());
    // The window opens at the start of a day in Shanghai, and the page shows that day.
    const day = await page.evaluate((iso) => new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric' }), recorded.earliest.toISOString());
    assert.ok((await row.locator('.retry time').first().textContent()).includes(day), `the earliest retry day ${day} is shown`);
    assert.match(body, /按自然日计算/);
    assert.ok((await row.locator('.case-guidance .steps > li').count()) >= 1);
    assert.match(await row.locator('.case-guidance').textContent(), /申诉/);
  });

  test('a case counted in working days says so, and whether its calendar was estimated', async () => {
    const { status } = await grpc.status.getVerificationStatus({ caseRef: workingDays.ref });
    assert.equal(status.state, VerificationState.WAITING);
    workingDays.caseId = status.caseId;
    const row = page.locator(`#case-list details.case[data-case-id="${status.caseId}"]`);
    await row.waitFor({ timeout: listWaitMs });
    await row.locator('summary').click();
    const window = await row.locator('.retry').textContent();
    assert.match(window, /按内地工作日计算:跳过周末和法定放假日,调休上班日计入。1–3 个工作日。/);
    // The page says what the server computed: estimated when a year of the window has no notice.
    assert.match(window, status.retry.calendarEstimated ? /估算:/ : /按已公布的放假安排计算/);
    const days = await row.locator('.retry time').count();
    assert.equal(days, 2, 'the earliest and the latest day');
  });

  test('screenshots at 1280 and 390 px wide, with nothing wider than the window', async () => {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      await page.goto(`${server.httpUrl}/#cases`);
      const row = page.locator(`#case-list details.case[data-case-id="${recorded.caseId}"]`);
      await row.waitFor({ timeout: listWaitMs });
      if (!(await row.evaluate((d) => d.open))) await row.locator('summary').click();
      await row.locator('.case-guidance .steps > li').first().waitFor();
      await fits(width);
      await screenshot(`cases-${width}`);

      await page.goto(`${server.httpUrl}/#diagnose`);
      await page.waitForFunction(() => document.querySelectorAll('#dx-platform option').length > 1);
      await page.selectOption('#dx-platform', 'dayu');
      await page.selectOption('#dx-locale', 'zh-CN');
      await page.fill('#dx-message', faceMismatch);
      await page.fill('#dx-accounts', '');
      await page.click('.diagnose-form button[type="submit"]');
      await page.waitForSelector('.answer[lang="zh-CN"] .steps > li');
      await fits(width);
      await screenshot(`diagnose-${width}`);

      await page.goto(`${server.httpUrl}/#catalog`);
      await page.waitForSelector('.rule');
      await fits(width);
      await screenshot(`catalog-${width}`, false);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a waiting case turns ready to retry when its window opens, followed live and in the list', async () => {
    assert.ok(recorded.caseId, 'the previous test recorded the case');
    await page.goto(`${server.httpUrl}/#cases`);
    await page.fill('#follow-ref', recorded.ref);
    await page.press('#follow-ref', 'Enter');
    const card = page.locator(`#followed li[data-ref="${recorded.ref}"] details.case`);
    await card.waitFor();
    await page.waitForSelector(`#followed li[data-ref="${recorded.ref}"] details.case[data-state="WAITING"]`);
    await screenshot('cases-following-1280', false);

    // Move the server's clock a day past the window's opening.
    const seconds = Math.ceil((recorded.earliest.getTime() - Date.now()) / 1000) + 86_400;
    const moved = await fetch(new URL(`/testing/clock/advance?seconds=${seconds}`, server.httpUrl), { method: 'POST' });
    assert.equal(moved.status, 200, await moved.text());

    // The watch pushes the change; the list shows it on its next listing.
    await page.waitForSelector(`#followed li[data-ref="${recorded.ref}"] details.case[data-state="READY_TO_RETRY"]`, { timeout: 10_000 });
    await page.waitForSelector(`#case-list details.case[data-case-id="${recorded.caseId}"][data-state="READY_TO_RETRY"]`, { timeout: listWaitMs });
    // The working-day case is not followed: only the list's next listing can show its new state.
    await page.waitForSelector(`#case-list details.case[data-case-id="${workingDays.caseId}"][data-state="READY_TO_RETRY"]`, { timeout: listWaitMs });
    assert.match(await card.locator('summary .countdown').textContent(), /^自 .+ 起开放$/);
    const { status } = await grpc.status.getVerificationStatus({ caseRef: recorded.ref });
    assert.equal(status.state, VerificationState.READY_TO_RETRY, 'the server agrees');
  });

  test('the language switch relabels the page and reloads the server texts in that language', async () => {
    await page.selectOption('#lang', 'en');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'RealNameApi operations');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.textContent('a[data-view="cases"]'), 'Cases');
    const row = page.locator(`#case-list details.case[data-case-id="${recorded.caseId}"]`);
    await page.waitForFunction(
      (id) => document.querySelector(`#case-list details.case[data-case-id="${id}"] .case-title`)?.textContent === 'Not in the registry yet - newly issued document',
      recorded.caseId,
    );
    assert.equal(await row.locator('.state').textContent(), 'Ready to retry');
    await page.waitForFunction((id) => /Steps for this rule/.test(document.querySelector(`#case-list details.case[data-case-id="${id}"] .case-guidance`)?.textContent ?? ''), recorded.caseId);

    // A preference, kept across a reload.
    await page.reload();
    await page.waitForSelector('h1');
    assert.equal(await page.textContent('h1'), 'RealNameApi operations');
    await page.selectOption('#lang', 'zh-CN');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'RealNameApi 运营面板');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  });

  test('the catalog lists every rule of every platform with its known messages and source', async () => {
    const { totalSize } = await grpc.remediation.listFailureRules({ pageSize: 1 });
    await page.goto(`${server.httpUrl}/#catalog`);
    await page.waitForSelector('.rule');
    assert.equal(await page.locator('.rule').count(), totalSize);
    assert.deepEqual(await page.locator('.platform').evaluateAll((s) => s.map((e) => e.dataset.platform)), ['aliyun-domain', 'dayu']);
    const rule = page.locator(`.rule[data-rule="${newDocumentRule}"]`);
    assert.match(await rule.textContent(), /不在实名库中/);
    assert.match(await rule.textContent(), /§/);
    await page.fill('#catalog-search', '实名库');
    await page.waitForFunction(() => document.querySelectorAll('.rule').length < 10);
    assert.ok(await rule.isVisible());
  });

  test('no console error or page error through all of the above', () => {
    assert.deepEqual(browser.errors, []);
  });
});

describe('a server without the built page', () => {
  test('still serves the API, and GET / says how to build the page', async () => {
    const response = await fetch(bare.httpUrl);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /npm run build -w clients\/dashboard/);
    const { diagnosis } = await createNodeClients({ baseUrl: bare.grpcUrl }).remediation.diagnose({ platform: 'dayu', message: faceMismatch });
    assert.equal(diagnosis.ruleId, 'dayu.face-mismatch-police-photo');
    assert.equal(await (await fetch(new URL('/testing/clock/advance?seconds=1', bare.httpUrl), { method: 'POST' })).status, 404, 'no test clock by default');
  });
});

async function fits(width) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide in a ${width} px window`);
}

async function screenshot(name, fullPage = true) {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage });
}
