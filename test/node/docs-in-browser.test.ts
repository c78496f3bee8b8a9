/**
 * GET /docs in headless Chromium, as a person would see it, with no internet: the Worker under wrangler (its
 * asset router included), every request to a host other than this machine aborted.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCALAR_STANDALONE_PATH } from "../../src/openapi/scalar-assets.ts";
import { startWranglerWorker, type WranglerWorker } from "../helpers/wrangler-worker.ts";

/** Debian's package, which .ci/run installs: playwright-core brings no browser of its own. */
const CHROMIUM = "/usr/bin/chromium";
/**
 * CI installs Chromium and must run this file; a newcomer's `npm test` without it skips the file, saying
 * how to run it, rather than failing on a missing browser.
 */
const runs = process.env.CI === "true" || existsSync(CHROMIUM);
if (!runs) console.warn(`skipping the browser check of /docs: no ${CHROMIUM} (apt-get install chromium)`);
/**
 * GET /health's summary in /openapi.json: on the page only once Scalar has fetched, parsed and rendered the
 * document. Scalar renders the operations of the first tag (Better Auth's) and the one the URL points at, hence
 * the link to this operation's section.
 */
const OPERATION_LINK = "/docs#tag/operations/GET/health";
const RENDERED_HEADING = "Liveness, version and database reachability";

let worker: WranglerWorker;
let browser: Browser;

beforeAll(async () => {
  if (!runs) return;
  worker = await startWranglerWorker();
  browser = await chromium.launch({ executablePath: CHROMIUM });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

describe.runIf(runs)("GET /docs in a browser with no internet", () => {
  it("gets the Scalar bundle from the Worker's assets, cacheable for good", async () => {
    const response = await fetch(`${worker.origin}${SCALAR_STANDALONE_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript\b/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await response.body?.cancel();
  });

  it("renders the reference with no request to another host, no CSP violation and no error", async () => {
    const problems: string[] = [];
    const context = await browser.newContext();
    try {
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === "127.0.0.1" || url.hostname === "localhost") return route.continue();
        problems.push(`request to another host: ${url.href}`);
        return route.abort("blockedbyclient");
      });
      const page = await context.newPage();
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      // Chromium reports a CSP violation as a console error.
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console error: ${message.text()}`);
      });
      page.on("response", (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`);
      });

      const response = await page.goto(`${worker.origin}${OPERATION_LINK}`);
      expect(response?.status()).toBe(200);
      // A page that never renders is one more problem, reported with the others (they usually say why).
      await page
        .locator(".scalar-app")
        .getByRole("heading", { name: RENDERED_HEADING })
        .waitFor({ state: "visible", timeout: 30_000 })
        .catch((error: Error) => problems.push(`not rendered: ${error.message.split("\n")[0]}`));
      if (problems.length > 0) await page.screenshot({ path: "test-results/docs-in-browser.png" });
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
