const { chromium } = require("playwright-core");
(async () => {
  const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  const p = await b.newPage({ viewport: { width: 1366, height: 800 } });
  await p.goto("file:///tmp/rep1/index.html");
  await p.waitForTimeout(3000);
  const H = await p.evaluate(() => document.body.scrollHeight);
  console.log("height", H);
  const targets = process.argv.slice(2);
  for (const [i, frac] of targets.entries()) {
    await p.evaluate((y) => window.scrollTo(0, y), Math.floor(H * Number(frac)));
    await p.waitForTimeout(800);
    await p.screenshot({ path: `/tmp/shot-${i}.png` });
  }
  await b.close();
})();
