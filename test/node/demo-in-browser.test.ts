/**
 * The demo and the client kit in a real browser: headless Chromium against the Worker as `npm run dev`
 * serves it (wrangler, static assets), with the demo's embedding site on a second origin and an untrusted
 * third one. A learner signs up on the learning site; the widget on the other origin reads the context
 * through the kit's script-tag build (CORS, the site's token), nothing until the learner allows it, keeps
 * working across its tokens' expiry, and loses a field the moment the learner revokes it; the untrusted
 * origin is refused; the learner downloads their data.
 */
import { existsSync, readFileSync } from "node:fs";
import { type Browser, chromium, type Frame, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unstable_startWorker } from "wrangler";
import { buildClientKit } from "../../scripts/build-client.ts";
import { freePort } from "../../scripts/free-port.ts";
import { startWranglerWorker, type WranglerWorker } from "../helpers/wrangler-worker.ts";

/** Debian's package, which .ci/run installs: playwright-core brings no browser of its own. */
const CHROMIUM = "/usr/bin/chromium";
const runs = process.env.CI === "true" || existsSync(CHROMIUM);
if (!runs) console.warn(`skipping the demo in a browser: no ${CHROMIUM} (apt-get install chromium)`);

/** The shortest freshness bound the configuration takes: tokens expire (and are renewed) within the test. */
const FRESHNESS_SECONDS = 5;

type Site = Awaited<ReturnType<typeof unstable_startWorker>>;

async function startWidgetSite(): Promise<{ origin: string; site: Site }> {
  const port = await freePort();
  const site = await unstable_startWorker({
    config: "demo/widget-site/wrangler.toml",
    dev: { server: { hostname: "localhost", port }, inspector: false, logLevel: "error" },
  });
  await site.ready;
  return { origin: `http://localhost:${port}`, site };
}

let api: WranglerWorker;
let widgetSite: { origin: string; site: Site };
let untrusted: { origin: string; site: Site };
let browser: Browser;

beforeAll(async () => {
  if (!runs) return;
  await buildClientKit();
  widgetSite = await startWidgetSite();
  untrusted = await startWidgetSite();
  api = await startWranglerWorker({
    hostname: "localhost",
    vars: {
      RATE_LIMIT: "off",
      TRUSTED_ORIGINS: widgetSite.origin,
      SESSION_FRESHNESS_SECONDS: String(FRESHNESS_SECONDS),
    },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await widgetSite?.site.dispose();
  await untrusted?.site.dispose();
});

/** The widget's frame in the learning site's page, once it has loaded. */
async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector("#widget[src]");
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("no widget frame");
  await frame.waitForLoadState();
  return frame;
}

const shownFields = (frame: Frame) =>
  frame.$$eval("#context dd", (items) => items.map((item) => item.getAttribute("data-field")));

async function setConsents(page: Page, fields: string[]) {
  for (const field of ["software_level", "hardware_background", "notes"]) {
    await page.setChecked(`#consents input[name="${field}"]`, fields.includes(field));
  }
  const saved = page.waitForResponse(
    (response) => response.url().endsWith("/api/user/consents") && response.request().method() === "PUT",
  );
  await page.click("#consents button");
  expect((await saved).status()).toBe(200);
}

describe.runIf(runs)("the demo in a browser", { timeout: 120_000 }, () => {
  it("signs up, lets the widget read what the learner allows, across token expiry, and less once revoked", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const tokenMints: string[] = [];
    page.on("request", (request) => {
      if (request.url().startsWith(`${api.origin}/api/auth/token`)) tokenMints.push(request.frame().url());
    });
    await page.goto(`${api.origin}/demo/`);
    const email = `demo-${crypto.randomUUID()}@example.com`;
    await page.fill('#sign-up input[name="name"]', "Ada");
    await page.fill('#sign-up input[name="email"]', email);
    await page.fill('#sign-up input[name="password"]', "a sturdy demo passphrase");
    await page.selectOption('#sign-up select[name="software_level"]', "advanced");
    await page.selectOption('#sign-up select[name="hardware_background"]', "embedded systems");
    await page.click("#sign-up button");
    await page.waitForSelector("#signed-in:not([hidden])");
    await expect.poll(() => page.textContent("#who")).toBe(email);
    // Our own chatbot (first party) is told everything.
    await expect.poll(() => page.textContent("#notes")).not.toBe("");

    const frame = await widgetFrame(page);
    await expect.poll(() => frame.textContent("#state")).toContain("has not allowed this site anything");
    expect(await shownFields(frame)).toEqual([]);

    await setConsents(page, ["software_level", "notes"]);
    await expect
      .poll(() => shownFields(frame), { timeout: 10_000 })
      .toEqual(["software_level", "personalization_notes"]);
    expect(await frame.textContent('dd[data-field="software_level"]')).toBe("advanced");

    // Past two token lifetimes the widget still reads, on tokens it renewed itself.
    const mintsBefore = tokenMints.filter((url) => url.startsWith(widgetSite.origin)).length;
    await page.waitForTimeout(FRESHNESS_SECONDS * 2 * 1000 + 500);
    expect(tokenMints.filter((url) => url.startsWith(widgetSite.origin)).length).toBeGreaterThan(mintsBefore);
    expect(await shownFields(frame)).toEqual(["software_level", "personalization_notes"]);

    // Revoked mid-session: the next poll (2 s) shows the field gone.
    await setConsents(page, ["notes"]);
    await expect.poll(() => shownFields(frame), { timeout: 10_000 }).toEqual(["personalization_notes"]);

    // The widget logs what it is asked.
    await frame.fill('#ask input[name="question"]', "How do I tune a PID loop?");
    await frame.click("#ask button");
    await expect.poll(() => frame.getAttribute("#answer", "data-interaction")).toMatch(/^[0-9a-f-]{36}$/);

    // Download my data.
    const download = page.waitForEvent("download");
    await page.click("#export");
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, "utf8")) as {
      account: { email: string };
      consents: { origin: string; fields: string[] }[];
      security_log: { type: string }[];
    };
    expect(exported.account.email).toBe(email);
    expect(exported.consents).toEqual([expect.objectContaining({ origin: widgetSite.origin, fields: ["notes"] })]);
    expect(exported.security_log.map(({ type }) => type)).toContain("consents_changed");
    await context.close();
  });

  it("refuses the widget on an origin the API does not trust", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on("requestfailed", (request) => refusals.push(request.url()));
    await page.goto(`${untrusted.origin}/?api=${encodeURIComponent(api.origin)}`);
    await expect.poll(() => page.textContent("#state"), { timeout: 10_000 }).toContain("The API refused");
    expect(await shownFields(page.mainFrame())).toEqual([]);
    // The browser itself blocked the answer: no CORS grant for this origin.
    expect(refusals.some((url) => url.startsWith(`${api.origin}/api/auth/token`))).toBe(true);
    await context.close();
  });
});
