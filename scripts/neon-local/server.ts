/** The local Neon-compatible SQL-over-HTTP endpoint: the real `@neondatabase/serverless` driver talks to it unchanged. */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { SqlBackend } from "./backend.ts";
import { FaultInjector, faultSchema } from "./faults.ts";
import { isPostgresError, ProtocolError, parseSqlRequest, postgresErrorBody, resultBody } from "./protocol.ts";

/** What the endpoint served since start or the last reset; the benchmark reads it per scenario. */
export interface RequestCounts {
  /** HTTP requests to /sql: one per database round trip a Worker made. */
  requests: number;
  /** Statements executed, single or inside batches. */
  statements: number;
  batches: number;
  /** Requests answered with a Postgres error (HTTP 400). */
  errors: number;
}

/**
 * Totals, and the same counts per `application_name` of the connection string, so a caller that sets
 * its own name (a test, one benchmark scenario) can count its round trips while others share the endpoint.
 */
export interface EndpointStats extends RequestCounts {
  latencyMs: number;
  byApplication: Record<string, RequestCounts>;
}

export interface NeonLocalOptions {
  backend: SqlBackend;
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Default `127.0.0.1`: the endpoint has no authentication, so it never listens beyond loopback by default. */
  host?: string;
  /** Delay added to every /sql request to emulate the Worker-to-Neon round trip. Default 0. */
  latencyMs?: number;
}

export interface NeonLocal {
  /** `http://host:port`, the base of `/sql` and the control routes. */
  readonly origin: string;
  readonly port: number;
  readonly backend: SqlBackend;
  stats(): EndpointStats;
  resetStats(): void;
  setLatency(ms: number): void;
  /** Stops listening, then closes the backend (PGlite flushes its data directory here). */
  close(): Promise<void>;
}

function applicationName(connectionString: string | string[] | undefined): string | undefined {
  if (typeof connectionString !== "string" || !URL.canParse(connectionString)) return undefined;
  return new URL(connectionString).searchParams.get("application_name") ?? undefined;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new ProtocolError("request body too large"));
      else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/**
 * A database that stops answering: nothing runs and nothing comes back, so only the caller's own timeout
 * ends its wait; the socket is dropped after `ms` (or when the caller hangs up first).
 */
function holdThenDrop(request: IncomingMessage, ms: number) {
  const timer = setTimeout(() => request.socket.destroy(), ms);
  // A held request must not keep the process alive past close().
  timer.unref();
  request.socket.once("close", () => clearTimeout(timer));
}

/**
 * NEON_LOCAL_TRACE=<application_name prefix> prints, to stderr, each round trip of the matching callers
 * with the start of its SQL, and the faults injected into them: to see which statement round trip N of
 * a failing fault-matrix flow is (test/helpers/fault-matrix.ts names the flow's application prefixes).
 */
function trace(application: string | undefined, statements: { query: string }[], fault: string | undefined) {
  const prefix = process.env.NEON_LOCAL_TRACE;
  if (!prefix || !application?.startsWith(prefix)) return;
  const sql = statements.map((statement) => statement.query.replace(/\s+/g, " ").slice(0, 100)).join(" | ");
  console.error(`neon-local ${application} ${new Date().toISOString()} ${fault ? `FAULT ${fault}` : sql}`);
}

export async function startNeonLocal(options: NeonLocalOptions): Promise<NeonLocal> {
  const { backend } = options;
  let latencyMs = options.latencyMs ?? 0;
  const faults = new FaultInjector();
  const fresh = (): RequestCounts => ({ requests: 0, statements: 0, batches: 0, errors: 0 });
  let totals = fresh();
  let byApplication = new Map<string, RequestCounts>();
  const snapshot = (): EndpointStats => ({
    ...totals,
    latencyMs,
    byApplication: Object.fromEntries([...byApplication].map(([name, counts]) => [name, { ...counts }])),
  });
  const resetStats = () => {
    totals = fresh();
    byApplication = new Map();
  };
  const countersFor = (connectionString: string | string[] | undefined): RequestCounts[] => {
    const name = applicationName(connectionString);
    if (name === undefined) return [totals];
    const counts = byApplication.get(name) ?? fresh();
    byApplication.set(name, counts);
    return [totals, counts];
  };

  async function handleSql(request: IncomingMessage, response: ServerResponse) {
    const counters = countersFor(request.headers["neon-connection-string"]);
    const count = (key: keyof RequestCounts, by = 1) => {
      for (const counts of counters) counts[key] += by;
    };
    count("requests");
    if (latencyMs > 0) await sleep(latencyMs);
    try {
      const sqlRequest = parseSqlRequest(request.headers, await readBody(request));
      const statements = sqlRequest.kind === "single" ? [sqlRequest.statement] : sqlRequest.statements;
      const application = applicationName(request.headers["neon-connection-string"]);
      const fault = faults.take({ statements, application });
      trace(application, statements, fault?.kind);
      if (fault?.kind === "connection") return void request.socket.destroy();
      if (fault?.kind === "timeout") return holdThenDrop(request, fault.holdMs);
      if (fault?.kind === "http500") {
        response.writeHead(500, { "content-type": "text/plain" });
        return void response.end("injected fault: internal error");
      }
      if (fault?.kind === "sqlstate") {
        count("errors");
        return send(response, 400, { message: "injected fault", severity: "ERROR", code: fault.sqlstate });
      }
      if (sqlRequest.kind === "single") {
        count("statements");
        send(response, 200, resultBody(await backend.run(sqlRequest.statement)));
      } else {
        count("batches");
        count("statements", sqlRequest.statements.length);
        const results = await backend.runBatch(sqlRequest.statements, sqlRequest.options);
        send(response, 200, { results: results.map(resultBody) });
      }
    } catch (error) {
      if (error instanceof ProtocolError) {
        send(response, 400, { message: error.message, severity: "ERROR", code: "08P01" });
      } else if (isPostgresError(error)) {
        count("errors");
        send(response, 400, postgresErrorBody(error));
      } else {
        // Neon answers its own failures with a non-400 status and text; the driver reports it as a server error.
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(`local endpoint failure: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async function handleControl(request: IncomingMessage, response: ServerResponse, path: string) {
    if (request.method === "GET" && path === "/_neon-local/stats") return send(response, 200, snapshot());
    if (request.method === "POST" && path === "/_neon-local/stats/reset") {
      resetStats();
      return send(response, 200, snapshot());
    }
    if (request.method === "POST" && path === "/_neon-local/latency") {
      const { ms } = JSON.parse(await readBody(request)) as { ms?: unknown };
      if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0)
        return send(response, 400, { message: "ms must be a number >= 0" });
      latencyMs = ms;
      return send(response, 200, { latencyMs });
    }
    if (request.method === "POST" && path === "/_neon-local/faults") {
      const parsed = faultSchema.safeParse(JSON.parse(await readBody(request)));
      if (!parsed.success) return send(response, 400, { message: z.prettifyError(parsed.error) });
      faults.add(parsed.data);
      return send(response, 201, parsed.data);
    }
    if (request.method === "DELETE" && path === "/_neon-local/faults") {
      faults.clear();
      return void response.writeHead(204).end();
    }
    send(response, 404, { message: `no route ${request.method} ${path}` });
  }

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    const handled =
      request.method === "POST" && path === "/sql"
        ? handleSql(request, response)
        : handleControl(request, response, path);
    handled.catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 400, { message: error instanceof Error ? error.message : String(error) });
    });
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://${host}:${port}`,
    port,
    backend,
    stats: snapshot,
    resetStats,
    setLatency: (ms) => {
      latencyMs = ms;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend.close();
    },
  };
}
