/**
 * Keeps a call through `exports.default` constant-time. In the pinned @cloudflare/vitest-pool-workers 0.23,
 * the class that answers the Worker's default entrypoint wraps its own prototype in one more Proxy each time
 * it is constructed, i.e. on every call (cloudflare/workers-sdk#15092, seen as #15446; fixed by #15106 only
 * in the renamed @cloudflare/vitest-plugin). Every property read then runs one `get` trap per call the
 * isolate has made so far: measured here, a fresh isolate's first 100 calls took 0.35 s and the next 200
 * 3.1 s (0.4 s with this file), and with one isolate for all files (vitest.config.ts) the suite crawled.
 * Upstream's fix installs the Proxy once; this does the same from outside, handing every later construction
 * the prototype the first one installed. A setup file: runs before each test file, installs once per isolate.
 */
import { WorkerEntrypoint } from "cloudflare:workers";

const INSTALLED = Symbol.for("persona-edge.one-entrypoint-proxy");
const state = globalThis as { [INSTALLED]?: true };

if (!state[INSTALLED]) {
  state[INSTALLED] = true;
  const construct = Reflect.construct;
  // The pool's wrapper class -> the prototype its first construction installed (one Proxy deep).
  const firstPrototype = new WeakMap<object, unknown>();
  Reflect.construct = function oneProxyConstruct(...call: Parameters<typeof construct>) {
    const [target, , newTarget] = call;
    if (target === WorkerEntrypoint && newTarget !== undefined && newTarget !== target) {
      const first = firstPrototype.get(newTarget);
      if (first === undefined) firstPrototype.set(newTarget, newTarget.prototype);
      else newTarget.prototype = first;
    }
    return construct(...call);
  } as typeof construct;
}
