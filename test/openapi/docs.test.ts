/** GET /docs needs nothing from the internet: it loads the pinned Scalar bundle from this Worker's assets. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { SCALAR_STANDALONE_PATH } from "../../src/openapi/scalar-assets";
import { callWorker, ORIGIN } from "../helpers/worker";

async function getDocs() {
  const response = await callWorker("/docs");
  expect(response.status).toBe(200);
  const html = await response.text();
  const nonce = new RegExp(`<script src="${SCALAR_STANDALONE_PATH}" nonce="([^"]+)"></script>`).exec(html)?.[1];
  return { response, html, nonce };
}

describe("GET /docs", () => {
  it("loads the pinned bundle from this origin, with a nonce, and nothing from another host", async () => {
    const { html, nonce } = await getDocs();
    const foreign = (html.match(/https?:\/\/[^\s"'<>]+/g) ?? []).filter((url) => !url.startsWith(`${ORIGIN}/`));
    expect(foreign).toEqual([]);
    expect(nonce, "the bundle's <script> tag").toBeDefined();
  });

  it("has its own CSP, the only one: scripts from this origin or with this response's nonce", async () => {
    const { response, nonce } = await getDocs();
    // A second Content-Security-Policy would show here joined by ", ", and browsers would enforce both.
    expect(response.headers.get("content-security-policy")).toBe(
      `default-src 'none'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; ` +
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe(SCALAR_STANDALONE_PATH, () => {
  // Through the ASSETS binding: calling the Worker's own fetch skips the asset router that answers this path
  // in production (test/node/docs-in-browser.test.ts checks that router under wrangler).
  it("is served by the Worker's assets as JavaScript, cacheable for good", async () => {
    const response = await env.ASSETS.fetch(`${ORIGIN}${SCALAR_STANDALONE_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript\b/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    // What the page's inline script calls.
    expect(await response.text()).toContain("createApiReference");
  });
});
