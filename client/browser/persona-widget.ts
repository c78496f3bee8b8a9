/** The script-tag build for widgets only (no Better Auth client): `<script src=".../persona-widget.js">` defines `PersonaEdge`. */
import { PersonaApiError, PersonaSignedOutError } from "../access-token.ts";
import { createPersonaWidget } from "../widget.ts";

Object.assign(globalThis, { PersonaEdge: { createPersonaWidget, PersonaApiError, PersonaSignedOutError } });
