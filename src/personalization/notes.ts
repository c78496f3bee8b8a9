/**
 * Turns a background profile into guidance a chatbot can put in its system prompt. Pure: no I/O, the same
 * profile always gives the same words, so responses can be cached and compared by ETag.
 */
import type { HardwareBackground, SoftwareLevel } from "../db/schema/profile";

export const NOTE_CONTENT_TYPES = ["chat", "translation"] as const;
export type NoteContentType = (typeof NOTE_CONTENT_TYPES)[number];

const softwareGuidance: Record<SoftwareLevel, { who: string; how: string }> = {
  beginner: {
    who: "a beginner in software development",
    how: "Provide simplified explanations, define technical terms when first used, and go step by step with small, complete code examples.",
  },
  intermediate: {
    who: "an intermediate software developer",
    how: "Assume working knowledge of programming fundamentals; explain the reasoning behind design choices and point out common pitfalls.",
  },
  advanced: {
    who: "an advanced software developer",
    how: "Be concise and technical; skip the basics and focus on trade-offs, edge cases, performance and internals.",
  },
};

const hardwareGuidance: Record<HardwareBackground, { has: string; examples: string }> = {
  robotics: {
    has: "with robotics experience",
    examples:
      "Use robotics examples where applicable: sensors, actuators, control loops, kinematics and ROS-style architectures.",
  },
  "embedded systems": {
    has: "with an embedded systems background",
    examples:
      "Use embedded examples where applicable: microcontrollers, memory and timing constraints, interrupts, peripherals and real-time behaviour.",
  },
  none: {
    has: "with no hardware background",
    examples:
      "Avoid assuming hardware knowledge; when hardware matters, explain it from first principles with everyday analogies.",
  },
  other: {
    has: "with some hardware experience outside robotics and embedded systems",
    examples: "Use general computing examples, and ask which hardware they know before leaning on hardware analogies.",
  },
};

const contentTypeGuidance: Record<NoteContentType, string> = {
  chat: "In conversation, check understanding with a short question when a topic is new to them.",
  translation:
    "When translating technical content, keep code, identifiers and units unchanged, and keep technical terms at a level that matches their experience.",
};

/** Guidance for a caller with no active profile: nothing is assumed about them. */
export const NEUTRAL_NOTES =
  "No background profile is available for this user. Use clear, moderately technical explanations, define specialised terms briefly, and ask about their experience when it matters.";

export interface NotesProfile {
  software_level: SoftwareLevel;
  hardware_background: HardwareBackground;
}

/**
 * The notes for what is known of the profile: both fields, one of them (an embedding site allowed only one:
 * the notes then tell nothing of the other), or none.
 */
export function personalizationNotes(profile: Partial<NotesProfile> | null, contentType?: NoteContentType): string {
  const parts: string[] = [];
  const software = profile?.software_level ? softwareGuidance[profile.software_level] : undefined;
  const hardware = profile?.hardware_background ? hardwareGuidance[profile.hardware_background] : undefined;
  if (software && hardware) parts.push(`User is ${software.who} ${hardware.has}.`, software.how, hardware.examples);
  else if (software) parts.push(`User is ${software.who}.`, software.how);
  else if (hardware) parts.push(`User is a learner ${hardware.has}.`, hardware.examples);
  else parts.push(NEUTRAL_NOTES);
  if (contentType) parts.push(contentTypeGuidance[contentType]);
  return parts.join(" ");
}
