// Browser tests of the UI DLL's dialog page (issue 6) in headless Chromium: Debian's
// /usr/bin/chromium driven by playwright-core (which never downloads a browser).
//
//   TAPIHOST=build/.../tapihost node ui_browser_test.mjs
//
// 1. config: `tapihost install`, then `tapihost monitor` serves the page; change a span so it is
//    invalid and see the error next to the field; fix it, save; the dialog ends; a new provider
//    session (`tapihost lines`, i.e. TSPI_providerInit) reads the saved configuration.
// 2. monitor: 736 lines (config/sim-32t1-pri.toml) under the call-center job; the grid has a
//    cell per line and cells change state while calls come and go.
// SPANTSP_UI_SCREENSHOTS=DIR also saves the config page and the 736-line monitor as PNGs.

import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import assert from "node:assert/strict";

// Not installed (tools/bootstrap runs `npm ci` here): skipped, as ctest's SKIP_RETURN_CODE 77.
let chromium;
try {
  ({ chromium } = await import("playwright-core"));
} catch (e) {
  console.log("skip - playwright-core is not installed in tests/ui/browser (npm ci)");
  process.exit(77);
}

const tapihost = process.env.TAPIHOST;
const repo = resolve(process.env.SPANTSP_SOURCE_DIR || new URL("../../..", import.meta.url).pathname);
const shots = process.env.SPANTSP_UI_SCREENSHOTS || "";
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
assert.ok(tapihost, "set TAPIHOST to the tapihost executable");
if (!existsSync(chromiumPath)) {
  console.log(`skip - no Chromium at ${chromiumPath}`);
  process.exit(77);
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

// Starts a tapihost subcommand with the dialog's URL file; resolves with the URL.
async function startDialog(dir, args) {
  const urlFile = join(dir, "url");
  const env = { ...process.env, SPANTSP_UI_URL_FILE: urlFile, SPANTSP_UI_TIMEOUT_S: "120",
                SPANTSP_UI_MONITOR_MS: "250", SPANTSP_UI_BROWSER: "", DISPLAY: "", WAYLAND_DISPLAY: "" };
  const child = spawn(tapihost, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", d => { output += d; });
  child.stderr.on("data", d => { output += d; });
  const exited = new Promise(r => child.on("exit", code => r(code)));
  for (let i = 0; i < 400 && !existsSync(urlFile); i++) await sleep(50);
  assert.ok(existsSync(urlFile), "the dialog printed no URL:\n" + output);
  return { url: readFileSync(urlFile, "utf8").trim(), exited, output: () => output, child };
}

async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

async function configTest(browser) {
  const dir = mkdtempSync(join(tmpdir(), "spantsp-ui-browser-"));
  const config = join(dir, "etc", "spantsp.toml");
  execFileSync(tapihost, ["install", "--config", config]);
  const dialog = await startDialog(dir, ["monitor", "--config", config, "--hold", "2"]);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", e => { throw e; });
  await page.goto(dialog.url);
  const framing = page.locator('[data-path="board[0].span[0].framing"]');
  await framing.waitFor();

  // An E1 span with T1 framing: the provider's validation names the field, the page shows it there.
  await framing.selectOption("esf");
  const error = page.locator('.err[data-error-field="board[0].span[0].framing"]');
  await error.waitFor({ timeout: 10000 });
  assert.match(await error.textContent(), /ccs|cas|E1|framing/i);
  assert.ok(await framing.evaluate(e => e.classList.contains("invalid")));
  if (shots) {
    await page.locator('[data-path="board[0].span[0].channels"]').fill("1-10");
    await page.locator('[data-path="board[0].span[0].channels"]').dispatchEvent("change");
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(shots, "ui-config.png"), fullPage: true });
  }

  // Fixed, and the span cut to ten channels: no errors, then Save.
  await framing.selectOption("ccs");
  const channels = page.locator('[data-path="board[0].span[0].channels"]');
  await channels.fill("1-10");
  await channels.dispatchEvent("change");
  await page.locator("#summary.good").waitFor({ timeout: 10000 });
  await page.click("#save");
  await page.locator("#banner", { hasText: "Saved" }).waitFor({ timeout: 10000 });
  const code = await dialog.exited;
  assert.equal(code, 0, dialog.output());
  assert.match(dialog.output(), /TUISPI_providerConfig: ok/);
  await page.close();

  // The next TSPI_providerInit reads the saved file.
  const lines = execFileSync(tapihost, ["lines", "--config", config, "--json"]).toString();
  assert.equal(JSON.parse(lines).lines.length, 10, lines);
  rmSync(dir, { recursive: true, force: true });
  console.log("ok - config page: error next to the field, save, re-init reads 10 lines");
}

// A CAS span's own table: choosing signalling "cas" shows its [board.span.cas] keys; a timer
// out of range gets the configuration loader's message next to it; nothing is saved.
async function casTest(browser) {
  const dir = mkdtempSync(join(tmpdir(), "spantsp-ui-browser-"));
  const config = join(dir, "etc", "spantsp.toml");
  execFileSync(tapihost, ["install", "--config", config]);
  const dialog = await startDialog(dir, ["monitor", "--config", config, "--hold", "2"]);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", e => { throw e; });
  await page.goto(dialog.url);
  const sp = "board[0].span[0]";
  await page.locator(`[data-path="${sp}.type"]`).selectOption("t1");
  await page.locator(`[data-path="${sp}.framing"]`).selectOption("esf");
  await page.locator(`[data-path="${sp}.coding"]`).selectOption("b8zs");
  await page.locator(`[data-path="${sp}.signalling"]`).selectOption("cas");
  const start = page.locator(`[data-path="${sp}.cas.signalling"]`);
  await start.waitFor({ timeout: 10000 });
  await start.selectOption("fxs_gs");
  const wink = page.locator(`[data-path="${sp}.cas.wink"]`);
  await wink.fill("20");
  await wink.press("Tab");  // the change event, once (no second one on a later blur)
  const error = page.locator(`.err[data-error-field="${sp}.cas.wink"]`);
  await error.waitFor({ timeout: 10000 });
  assert.match(await error.textContent(), /wink must be between 50 and 1000 ms; got 20/);
  assert.ok(await wink.evaluate(e => e.classList.contains("invalid")));
  assert.equal(await page.locator(`.err[data-error-field="${sp}.cas.signalling"]`).count(), 0);
  await page.click("#cancel");
  assert.equal(await dialog.exited, 0, dialog.output());
  await page.close();
  rmSync(dir, { recursive: true, force: true });
  console.log("ok - CAS span keys: the loader's range error next to cas.wink");
}

async function monitorTest(browser) {
  const dir = mkdtempSync(join(tmpdir(), "spantsp-ui-browser-"));
  const config = join(repo, "config", "sim-32t1-pri.toml");
  const dialog = await startDialog(dir, ["monitor", "--config", config, "--hold", shots ? "20" : "1",
                                         "--outbound-rate", "50"]);
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  page.on("pageerror", e => { throw e; });
  await page.goto(dialog.url + "#monitor");
  await page.waitForFunction(() => document.querySelectorAll("#monitor .cell").length === 736,
                             null, { timeout: 20000 });
  assert.equal(await page.locator("#monitor .span").count(), 32);
  const states = () => page.$$eval("#monitor .cell", cells => cells.map(c => c.dataset.state));
  const first = await states();
  let changed = 0;
  for (let i = 0; i < 40 && changed < 5; i++) {
    await sleep(250);
    const now = await states();
    changed = now.filter((s, j) => s !== first[j]).length;
  }
  assert.ok(changed >= 5, `only ${changed} cells changed state`);
  const connected = await page.locator("#monitor .cell.s-connected").count();
  assert.ok(connected > 0, "no connected line seen");
  const counters = await page.locator("#monitor .counters").first().textContent();
  assert.match(counters, /offered \d+ · answered \d+ · failed \d+/);
  if (shots) {
    await sleep(6000);  // let the job fill the spans for a representative picture
    await page.screenshot({ path: join(shots, "ui-monitor-736.png"), fullPage: true });
  }
  await page.click("#cancel");
  assert.equal(await dialog.exited, 0, dialog.output());
  await page.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`ok - monitor: 736 cells, ${changed} changed state, ${connected} connected`);
}

const browser = await launch();
try {
  if (shots) mkdirSync(shots, { recursive: true });
  await configTest(browser);
  await casTest(browser);
  await monitorTest(browser);
} finally {
  await browser.close();
}
