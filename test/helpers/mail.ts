/** Reads the mail the Worker sent to the email provider's stand-in (test/fakes/mail-sink.ts). */
import { expect, inject } from "vitest";
import { callWorker } from "./worker";

export interface SentMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export async function mailsTo(address: string): Promise<SentMail[]> {
  const response = await fetch(`${inject("mailApiUrl")}/messages?to=${encodeURIComponent(address)}`);
  return response.json();
}

/** Waits (bounded) for the `count`-th mail to `address`: mail goes out after the response, in the background. */
export async function waitForMail(address: string, count = 1): Promise<SentMail> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const mails = await mailsTo(address);
    if (mails.length >= count) return mails[count - 1] as SentMail;
    if (Date.now() > deadline) throw new Error(`no mail #${count} to ${address} within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The action link of a mail, found in its text body. */
export function linkIn(mail: SentMail): URL {
  const match = mail.text.match(/https?:\/\/\S+/);
  expect(match, "a link in the mail").not.toBeNull();
  return new URL(match?.[0] ?? "");
}

/** Follows a mailed link as a browser would, without following the redirect it answers with. */
export function followLink(link: URL): Promise<Response> {
  return callWorker(`${link.pathname}${link.search}`, { redirect: "manual" });
}
