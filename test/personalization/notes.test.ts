/** The pure notes composer: every profile combination reads differently, and content types tailor it. */
import { describe, expect, it } from "vitest";
import { HARDWARE_BACKGROUNDS, SOFTWARE_LEVELS } from "../../src/db/schema/profile";
import { NEUTRAL_NOTES, personalizationNotes } from "../../src/personalization/notes";

const combinations = SOFTWARE_LEVELS.flatMap((software_level) =>
  HARDWARE_BACKGROUNDS.map((hardware_background) => ({ software_level, hardware_background })),
);

describe("personalizationNotes", () => {
  it("gives 12 different notes for the 3 x 4 combinations", () => {
    const notes = combinations.map((profile) => personalizationNotes(profile));
    expect(new Set(notes).size).toBe(12);
  });

  const hardwarePhrases = {
    robotics: "with robotics experience",
    "embedded systems": "with an embedded systems background",
    none: "with no hardware background",
    other: "with some hardware experience outside robotics and embedded systems",
  };

  it.each(combinations)("names $software_level and $hardware_background", (profile) => {
    const notes = personalizationNotes(profile);
    expect(notes).toContain(profile.software_level);
    expect(notes).toContain(hardwarePhrases[profile.hardware_background]);
  });

  it("reads as the issue's example for a beginner with robotics experience", () => {
    expect(personalizationNotes({ software_level: "beginner", hardware_background: "robotics" })).toMatch(
      /^User is a beginner in software development with robotics experience\. Provide simplified explanations.*robotics examples where applicable/,
    );
  });

  it("tailors to the content type, differently for chat and translation", () => {
    const profile = { software_level: "advanced", hardware_background: "embedded systems" } as const;
    const plain = personalizationNotes(profile);
    const chat = personalizationNotes(profile, "chat");
    const translation = personalizationNotes(profile, "translation");
    expect(chat.startsWith(plain)).toBe(true);
    expect(translation.startsWith(plain)).toBe(true);
    expect(new Set([plain, chat, translation]).size).toBe(3);
    expect(translation).toMatch(/translat/i);
  });

  it("falls back to neutral guidance without a profile", () => {
    expect(personalizationNotes(null)).toBe(NEUTRAL_NOTES);
    expect(personalizationNotes(null, "chat").startsWith(NEUTRAL_NOTES)).toBe(true);
  });
});
