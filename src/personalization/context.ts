/** The context a caller may read: all of it, or for an embedding site's widget only what the user allowed. */
import type { Caller } from "../caller/caller";
import { activeProfile } from "../profile/view";
import { type NoteContentType, personalizationNotes } from "./notes";

export function userContext(caller: Caller, contentType?: NoteContentType) {
  const { widget } = caller;
  if (!widget) {
    const profile = activeProfile(caller.profile);
    return {
      software_level: profile?.software_level ?? null,
      hardware_background: profile?.hardware_background ?? null,
      personalization_notes: personalizationNotes(profile, contentType),
    };
  }
  const allowed = {
    software_level: widget.softwareLevel ?? undefined,
    hardware_background: widget.hardwareBackground ?? undefined,
  };
  return {
    ...(widget.fields.includes("software_level") ? { software_level: widget.softwareLevel } : {}),
    ...(widget.fields.includes("hardware_background") ? { hardware_background: widget.hardwareBackground } : {}),
    ...(widget.fields.includes("notes") ? { personalization_notes: personalizationNotes(allowed, contentType) } : {}),
  };
}
