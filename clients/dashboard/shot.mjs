import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 390, height: 844 } });
for (const [f, y, h] of JSON.parse(process.argv[2])) {
  await p.setContent(`<body style="margin:0"><img src="data:image/png;base64,${(await import('node:fs')).readFileSync('../../artifacts/dashboard/' + f).toString('base64')}"></body>`);
  await p.screenshot({ path: `/tmp/${f.replace('.png','')}-${y}.png`, fullPage: true, clip: { x: 0, y, width: Number(process.argv[3] || 390), height: h } });
}
await b.close();
