// axe-core in headless Chromium over pages served over HTTP, at desktop and phone widths.
//
//   node scripts/axe.mjs <modules-dir> <base-url> <out.json> <path> [<path> ...]
//
// <modules-dir> holds node_modules/axe-core and node_modules/playwright-core (`make axe` installs
// them in .venv/axe). Every path is opened at 1366×900 and 390×844; the rules are WCAG 2.1 A and
// AA plus axe's best practices. Writes one record per page and width: violations (rule, impact,
// how many nodes, the first targets) and, for the phone width, whether the page itself scrolls
// sideways. Chromium is /usr/bin/chromium unless CHROMIUM names another.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";

const [modules, base, out, ...pages] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "package.json"));
const { chromium } = require("playwright-core");
const axeSource = require("fs").readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const WIDTHS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "ponsel", width: 390, height: 844 },
];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"],
});
const results = [];
try {
  for (const size of WIDTHS) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, bypassCSP: true });
    const page = await context.newPage();
    for (const p of pages) {
      const url = new URL(p, base).href;
      await page.goto(url, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const r = await page.evaluate(async (tags) => {
        const res = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return res.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                             targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
      }, TAGS);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      results.push({ page: p, width: size.name, violations: r, overflow });
    }
    await context.close();
  }
} finally {
  await browser.close();
}
writeFileSync(out, JSON.stringify(results, null, 1));
