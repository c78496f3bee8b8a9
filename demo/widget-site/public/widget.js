// The widget: the kit mints a token for this site (the browser sends the API the learner's session cookie,
// since both run on localhost), reads only what the learner allowed this site, and logs each question.
// The API's origin: `?api=` (the learning site passes its own), else `npm run dev`'s. A local one only: this
// page runs the script it loads from there, with the learner's cookie in reach.
const requested = new URLSearchParams(location.search).get("api") ?? "";
const API = /^http:\/\/localhost:\d+$/.test(requested) ? requested : "http://localhost:8787";
let widget;
const LABELS = {
  software_level: "Software level",
  hardware_background: "Hardware background",
  personalization_notes: "Guidance",
};

const $ = (id) => document.getElementById(id);
$("origin").textContent = location.origin;
let context = {};

function render() {
  const entries = Object.entries(context).filter(([, value]) => value != null);
  $("context").replaceChildren(
    ...entries.flatMap(([key, value]) => {
      const term = document.createElement("dt");
      term.textContent = LABELS[key] ?? key;
      const definition = document.createElement("dd");
      definition.textContent = value;
      definition.dataset.field = key;
      return [term, definition];
    }),
  );
  $("state").textContent =
    entries.length === 0 ? "The learner has not allowed this site anything yet: answers stay general." : "";
}

async function refresh() {
  try {
    context = await widget.getContext({ contentType: "chat" });
    render();
  } catch (error) {
    context = {};
    render();
    $("state").textContent =
      error instanceof PersonaEdge.PersonaSignedOutError
        ? "Sign in on the learning site to get answers for your level."
        : `The API refused: ${error.message}`;
  }
}

$("ask").addEventListener("submit", async (event) => {
  event.preventDefault();
  const question = event.target.question.value;
  const level = context.software_level ?? "any";
  $("answer").textContent =
    `(${level} level) ${context.personalization_notes ?? "A general answer."} You asked: ${question}`;
  try {
    const id = await widget.logInteraction({ content_type: "chat", metadata: { question_length: question.length } });
    $("answer").dataset.interaction = id;
  } catch (error) {
    $("state").textContent = `Not logged: ${error.message}`;
  }
});

// The learning site says when the learner changed what this site may read: a new token carries the new grant.
addEventListener("message", (event) => {
  if (event.origin !== API || event.data?.type !== "persona-edge:consents-changed" || !widget) return;
  widget.forget();
  refresh();
});

// The kit's script-tag build, as a site without a bundler includes it (here added by script, for `?api=`).
const kit = document.createElement("script");
kit.src = `${API}/kit/persona-widget.js`;
kit.onload = () => {
  widget = PersonaEdge.createPersonaWidget({ baseURL: API });
  // An unchanged context costs one 304 (the kit sends its ETag), so polling stays cheap.
  refresh();
  setInterval(refresh, 2000);
};
kit.onerror = () => {
  $("state").textContent = `Could not load the kit from ${API}.`;
};
document.head.append(kit);
