/** /demo/: the sample learning site, served by the Worker on a local origin only, with a CSP of its own. */
import { expect, it } from "vitest";
import { expectProblem } from "../helpers/problem";
import { callWorker, callWorkerWithEnv } from "../helpers/worker";

it("serves the learning site on the local origin, framing only the embedding sites", async () => {
  const page = await callWorker("/demo/");
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await page.text()).toContain('<script src="/kit/persona-edge.js" defer></script>');
  expect(page.headers.get("content-security-policy")).toBe(
    "default-src 'self'; connect-src 'self'; frame-src 'self' http://localhost:8788; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
});

it("is a 404 like any unknown path when the API is deployed (https)", async () => {
  const response = await callWorkerWithEnv({ BETTER_AUTH_URL: "https://api.example.com" }, "/demo/");
  await expectProblem(response, 404, "NOT_FOUND");
});
