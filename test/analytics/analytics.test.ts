/**
 * /api/admin/analytics: effectiveness and personalized-against-neutral totals, read from the daily totals
 * the queue consumer keeps. Records go in as the consumer receives them, on days of this file's own.
 */
import { describe, expect, it } from "vitest";
import type { InteractionMessage } from "../../src/personalization/interaction-message";
import { bearer, signUp } from "../helpers/accounts";
import { signUpAdmin } from "../helpers/admin";
import { ownDays } from "../helpers/own-days";
import { expectProblem } from "../helpers/problem";
import { callWorker, runQueue } from "../helpers/worker";

/** Days 200-290 ago are this file's. */
const nextDay = ownDays(200);

function record(day: string, overrides: Partial<InteractionMessage>): InteractionMessage {
  return {
    id: crypto.randomUUID(),
    user_id: "someone",
    content_type: "chat",
    personalization_effectiveness: null,
    metadata: null,
    software_level: null,
    hardware_background: null,
    profile_state: "absent",
    created_at: `${day}T08:30:00.000Z`,
    ...overrides,
  };
}

const active = { profile_state: "active", software_level: "beginner", hardware_background: "robotics" } as const;

/** Two days: personalized chats rated 4 and 5, neutral chats rated 2 (absent) and 3 (archived), an unrated exercise. */
async function seed() {
  const [first, second] = [nextDay(), nextDay()].sort() as [string, string];
  await runQueue("persona-edge-interactions", [
    record(first, { ...active, personalization_effectiveness: 4 }),
    record(first, { ...active, personalization_effectiveness: 5 }),
    record(first, { personalization_effectiveness: 2 }),
    record(second, { profile_state: "archived", personalization_effectiveness: 3 }),
    record(second, { content_type: "exercise" }),
  ]);
  return { first, second };
}

const get = (path: string, headers: Record<string, string>) => callWorker(`/api/admin/analytics${path}`, { headers });

const distribution = (...counts: number[]) => Object.fromEntries(counts.map((count, rating) => [rating, count]));

describe("GET /api/admin/analytics/effectiveness", () => {
  it("answers per group: count, rated, mean and the distribution over 0..5", async () => {
    const admin = await signUpAdmin();
    const { first, second } = await seed();
    const response = await get(
      `/effectiveness?from=${first}&to=${second}&group_by=content_type,profile_state`,
      bearer(admin),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      from: first,
      to: second,
      group_by: ["content_type", "profile_state"],
      interval: null,
      groups: [
        {
          content_type: "chat",
          profile_state: "absent",
          count: 1,
          rated: 1,
          mean_effectiveness: 2,
          distribution: distribution(0, 0, 1, 0, 0, 0),
        },
        {
          content_type: "chat",
          profile_state: "active",
          count: 2,
          rated: 2,
          mean_effectiveness: 4.5,
          distribution: distribution(0, 0, 0, 0, 1, 1),
        },
        {
          content_type: "chat",
          profile_state: "archived",
          count: 1,
          rated: 1,
          mean_effectiveness: 3,
          distribution: distribution(0, 0, 0, 1, 0, 0),
        },
        {
          content_type: "exercise",
          profile_state: "absent",
          count: 1,
          rated: 0,
          mean_effectiveness: null,
          distribution: distribution(0, 0, 0, 0, 0, 0),
        },
      ],
    });
  });

  it("gives a series by day with interval=day", async () => {
    const admin = await signUpAdmin();
    const { first, second } = await seed();
    const response = await get(`/effectiveness?from=${first}&to=${second}&interval=day`, bearer(admin));
    const body = (await response.json()) as { groups: { day: string; count: number; mean_effectiveness: number }[] };
    expect(body.groups.map(({ day, count, mean_effectiveness }) => ({ day, count, mean_effectiveness }))).toEqual([
      { day: first, count: 3, mean_effectiveness: 3.667 },
      { day: second, count: 2, mean_effectiveness: 3 },
    ]);
  });
});

describe("GET /api/admin/analytics/profile-presence", () => {
  it("sets personalized against neutral context, per group", async () => {
    const admin = await signUpAdmin();
    const { first, second } = await seed();
    const response = await get(`/profile-presence?from=${first}&to=${second}&group_by=content_type`, bearer(admin));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { groups: Record<string, unknown>[] };
    expect(body.groups).toEqual([
      expect.objectContaining({
        content_type: "chat",
        personalized: expect.objectContaining({ count: 2, mean_effectiveness: 4.5 }),
        neutral: expect.objectContaining({ count: 2, mean_effectiveness: 2.5 }),
        archived: expect.objectContaining({ count: 1 }),
        absent: expect.objectContaining({ count: 1 }),
        share_neutral: 0.5,
        mean_difference: 2,
      }),
      expect.objectContaining({
        content_type: "exercise",
        personalized: expect.objectContaining({ count: 0, mean_effectiveness: null }),
        neutral: expect.objectContaining({ count: 1 }),
        share_neutral: 1,
        mean_difference: null,
      }),
    ]);
  });
});

describe("who may read analytics, and what they must send", () => {
  it("answers 401 without credentials and 403 to a user who is not an admin", async () => {
    await expectProblem(await get("/effectiveness", {}), 401, "UNAUTHENTICATED");
    const user = await signUp();
    await expectProblem(await get("/effectiveness", bearer(user)), 403, "FORBIDDEN");
    await expectProblem(await get("/profile-presence", bearer(user)), 403, "FORBIDDEN");
  });

  it.each([
    ["?group_by=colour", "query.group_by"],
    ["?group_by=content_type,content_type", "query.group_by"],
    ["?from=2026-13-01", "query.from"],
    ["?from=2026-02-01&to=2026-01-01", "query.from"],
    ["?from=2000-01-01&to=2026-01-01", "query.from"],
    ["?interval=week", "query.interval"],
  ])("refuses %s naming %s", async (query, location) => {
    const admin = await signUpAdmin();
    const problem = await expectProblem(await get(`/effectiveness${query}`, bearer(admin)), 400, "VALIDATION_FAILED");
    expect(problem.errors).toEqual([expect.objectContaining({ location })]);
  });
});
