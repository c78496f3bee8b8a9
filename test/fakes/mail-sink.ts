/**
 * A stand-in for the email provider's HTTP API (Resend's POST /emails), started by the global setup: the
 * Worker sends real requests to it, and tests read what arrived. Nothing of ours is stubbed.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export const MAIL_API_KEY = "re_test_key";

interface SentMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startMailSink() {
  const sent: SentMail[] = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://sink");
    if (request.method === "POST" && url.pathname === "/emails") {
      if (request.headers.authorization !== `Bearer ${MAIL_API_KEY}`) {
        response.writeHead(401, { "content-type": "application/json" }).end('{"message":"invalid API key"}');
        return;
      }
      sent.push(JSON.parse(await body(request)) as SentMail);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: crypto.randomUUID() }));
      return;
    }
    if (request.method === "GET" && url.pathname === "/messages") {
      const to = url.searchParams.get("to");
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(sent.filter((mail) => !to || mail.to.includes(to))));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
