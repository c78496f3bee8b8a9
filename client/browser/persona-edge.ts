/** The script-tag build of the whole kit: `<script src=".../persona-edge.js">` defines `PersonaEdge`. */
import { createPersonaClient, createPersonaWidget, PersonaApiError, PersonaSignedOutError } from "../index.ts";

Object.assign(globalThis, {
  PersonaEdge: { createPersonaClient, createPersonaWidget, PersonaApiError, PersonaSignedOutError },
});
