/**
 * A stand-in for Twilio's Messaging API, answered in Node at the tests' outbound fetch: it checks the
 * account's Basic credentials, the sender and an E.164 `To`, refuses numbers of the +999 test range as
 * Twilio refuses unreachable ones (400, code 21211), and keeps every text it took. Tests read a number's
 * texts at `GET https://api.twilio.com/__fake/messages?to=`.
 */

export const TWILIO_HOST = "api.twilio.com";

export interface FakeTwilioAccount {
  accountSid: string;
  authToken: string;
  from: string;
}

export function createFakeTwilio(account: FakeTwilioAccount) {
  const texts = new Map<string, string[]>();
  const path = `/2010-04-01/Accounts/${account.accountSid}/Messages.json`;

  async function send(request: Request): Promise<Response> {
    if (request.headers.get("authorization") !== `Basic ${btoa(`${account.accountSid}:${account.authToken}`)}`) {
      return Response.json({ code: 20003, message: "Authenticate", status: 401 }, { status: 401 });
    }
    const form = new URLSearchParams(await request.text());
    const to = form.get("To") ?? "";
    if (form.get("From") !== account.from || !form.get("Body")) {
      return Response.json(
        { code: 21603, message: "A 'From' phone number is required.", status: 400 },
        { status: 400 },
      );
    }
    if (!/^\+[1-9]\d{6,14}$/.test(to) || to.startsWith("+999")) {
      return Response.json(
        { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 },
        { status: 400 },
      );
    }
    texts.set(to, [...(texts.get(to) ?? []), form.get("Body") ?? ""]);
    return Response.json(
      { sid: `SM${crypto.randomUUID().replaceAll("-", "")}`, status: "queued", to },
      { status: 201 },
    );
  }

  return {
    handles: (url: URL) => url.hostname === TWILIO_HOST,
    async fetch(request: Request): Promise<Response> {
      const url = new URL(request.url);
      if (url.pathname === "/__fake/messages")
        return Response.json({ texts: texts.get(url.searchParams.get("to") ?? "") ?? [] });
      if (request.method === "POST" && url.pathname === path) return send(request);
      return Response.json(
        { code: 20404, message: "The requested resource was not found", status: 404 },
        { status: 404 },
      );
    },
  };
}
