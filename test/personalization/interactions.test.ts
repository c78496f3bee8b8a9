/**
 * /api/personalization/interactions: queued with a profile snapshot taken at the edge (202), stored by the
 * queue's consumer through the real queue in workerd, listed newest first by cursor, private.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { stored } from "../helpers/interactions";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

interface Page {
  items: {
    id: string;
    content_type: string;
    software_level: string | null;
    metadata: unknown;
    personalization_effectiveness: number | null;
  }[];
  next_cursor: string | null;
}

const log = (headers: Record<string, string>, body: unknown) =>
  callWorker("/api/personalization/interactions", jsonRequest("POST", body, headers));

/** Logs, expects the 202, and waits until the consumer has stored the record. */
async function logged(headers: Record<string, string>, body: unknown): Promise<string> {
  const response = await log(headers, body);
  expect(response.status).toBe(202);
  const { id } = (await response.json()) as { id: string };
  await stored([id]);
  return id;
}

const list = async (headers: Record<string, string>, query = "") =>
  (await (await callWorker(`/api/personalization/interactions${query}`, { headers })).json()) as Page;

describe("POST /api/personalization/interactions", () => {
  it("queues the interaction with the profile of that moment, and the consumer stores it", async () => {
    const account = await signUp({ software_level: "intermediate", hardware_background: "robotics" });
    const id = await logged(bearer(account), {
      content_type: "chat",
      personalization_effectiveness: 4,
      metadata: { page: "/intro" },
    });

    await callWorker("/api/user/profile", jsonRequest("PATCH", { software_level: "advanced" }, bearer(account)));
    const { items } = await list(bearer(account));
    expect(items).toEqual([
      {
        id,
        content_type: "chat",
        personalization_effectiveness: 4,
        metadata: { page: "/intro" },
        software_level: "intermediate",
        hardware_background: "robotics",
        profile_state: "active",
        created_at: expect.any(String),
      },
    ]);
  });

  it("snapshots no background while the profile is archived", async () => {
    const account = await signUp();
    await callWorker("/api/user/profile", { method: "DELETE", headers: bearer(account) });
    await logged(bearer(account), { content_type: "translation" });
    const { items } = await list(bearer(account));
    expect(items[0]).toMatchObject({
      software_level: null,
      hardware_background: null,
      personalization_effectiveness: null,
      profile_state: "archived",
    });
  });

  it("answers 503 with Retry-After when the queue refuses the record, and records nothing", async () => {
    const account = await signUp();
    const send = vi
      .spyOn(env.INTERACTIONS, "send")
      .mockRejectedValue(new Error("Queue send failed: Too Many Requests"));
    try {
      const response = await log(bearer(account), { content_type: "chat" });
      await expectProblem(response, 503, "QUEUE_UNAVAILABLE");
      expect(response.headers.get("retry-after")).toBe("10");
    } finally {
      send.mockRestore();
    }
    expect((await list(bearer(account))).items).toEqual([]);
  });

  it.each([
    [{ content_type: "gossip" }, "body.content_type"],
    [{ content_type: "chat", personalization_effectiveness: 6 }, "body.personalization_effectiveness"],
    [{ content_type: "chat", personalization_effectiveness: 2.5 }, "body.personalization_effectiveness"],
    [{ content_type: "chat", metadata: ["not", "an", "object"] }, "body.metadata"],
    [{ content_type: "chat", metadata: { blob: "x".repeat(9000) } }, "body.metadata"],
  ])("refuses %j naming %s", async (body, location) => {
    const account = await signUp();
    const problem = await expectProblem(await log(bearer(account), body), 400, "VALIDATION_FAILED");
    expect(problem.errors).toEqual([expect.objectContaining({ location })]);
  });
});

describe("GET /api/personalization/interactions", () => {
  it("lists newest first, a page at a time, without gaps or repeats", async () => {
    const account = await signUp();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const response = await log(bearer(account), { content_type: "chat", metadata: { index } });
      ids.push(((await response.json()) as { id: string }).id);
    }
    await stored(ids);
    const first = await list(bearer(account), "?limit=2");
    const second = await list(bearer(account), `?limit=2&cursor=${first.next_cursor}`);
    const third = await list(bearer(account), `?limit=2&cursor=${second.next_cursor}`);
    expect([...first.items, ...second.items, ...third.items].map((item) => item.id)).toEqual([...ids].reverse());
    expect(third.next_cursor).toBeNull();
  });

  it("refuses a cursor it did not issue and an out-of-range limit", async () => {
    const account = await signUp();
    const badCursor = await callWorker("/api/personalization/interactions?cursor=bm9wZQ", { headers: bearer(account) });
    expect((await expectProblem(badCursor, 400, "VALIDATION_FAILED")).errors).toEqual([
      expect.objectContaining({ location: "query.cursor" }),
    ]);
    const badLimit = await callWorker("/api/personalization/interactions?limit=1000", { headers: bearer(account) });
    expect((await expectProblem(badLimit, 400, "VALIDATION_FAILED")).errors).toEqual([
      expect.objectContaining({ location: "query.limit" }),
    ]);
  });

  it("shows a user only their own interactions", async () => {
    const alice = await signUp();
    const bob = await signUp();
    await logged(bearer(alice), { content_type: "chat" });
    expect((await list(bearer(bob))).items).toEqual([]);
    expect((await list(bearer(alice))).items).toHaveLength(1);
  });
});
