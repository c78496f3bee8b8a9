/** Notifications as tests drive them: devices with fake FCM tokens, sends, and what the fake FCM received. */
import { expect } from "vitest";
import type { SentPush } from "../fakes/fake-fcm";
import { bearer, jsonRequest } from "./accounts";
import { uniqueName } from "./unique-name";
import { callWorker, ORIGIN } from "./worker";

/** A token the fake FCM answers by its prefix (test/fakes/fake-fcm.ts): `ok`, `unregistered`, `flaky`… */
export function fcmToken(prefix = "ok"): string {
  return `${prefix}_${uniqueName("device").replace(/\W/g, "")}${"x".repeat(100)}`;
}

export async function registerDevice(sessionToken: string, token: string, platform = "android"): Promise<string> {
  const response = await callWorker(
    "/api/user/devices",
    jsonRequest("POST", { platform, token }, { ...bearer({ token: sessionToken }), origin: ORIGIN }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

export function send(headers: Record<string, string>, body: Record<string, unknown>): Promise<Response> {
  return callWorker("/api/admin/notifications", jsonRequest("POST", body, headers));
}

export async function sent(headers: Record<string, string>, body: Record<string, unknown>): Promise<string> {
  const response = await send(headers, body);
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

export interface NotificationStatus {
  recipients: number;
  fanned_out: boolean;
  deliveries: Record<"pending" | "sent" | "failed" | "invalid_token", number>;
}

/** The notification's progress once its fan-out is done and no push is pending (through the real queue). */
export async function settled(headers: Record<string, string>, id: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await callWorker(`/api/admin/notifications/${id}`, { headers });
    expect(response.status).toBe(200);
    const status = (await response.json()) as NotificationStatus;
    if (status.fanned_out && status.deliveries.pending === 0) return status;
    if (Date.now() > deadline) throw new Error(`notification never settled: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** What the fake FCM delivered to a token, and how often it was tried. */
export async function pushesTo(token: string): Promise<{ messages: SentPush[]; attempts: number; exchanges: number }> {
  const response = await fetch(`https://fcm.googleapis.com/__fake/messages?token=${encodeURIComponent(token)}`);
  return (await response.json()) as { messages: SentPush[]; attempts: number; exchanges: number };
}
