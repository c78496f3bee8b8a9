// The learning site: Better Auth's client for the account, the kit's typed API for the rest. Everything
// goes with the access token the kit keeps; the session itself is the cookie (this page is on the API's
// origin).
const kit = PersonaEdge.createPersonaClient({ baseURL: location.origin });
const FIELDS = ["software_level", "hardware_background", "notes"];

const $ = (id) => document.getElementById(id);
const show = (message) => {
  $("status").textContent = message;
};
const values = (form) => Object.fromEntries(new FormData(form));

async function problemOf(response) {
  const problem = await response.json().catch(() => ({}));
  return (
    problem.errors?.map((error) => `${error.location}: ${error.message}`).join("; ") ||
    problem.detail ||
    response.statusText
  );
}

async function render() {
  const { data } = await kit.auth.getSession();
  $("signed-out").hidden = Boolean(data);
  $("signed-in").hidden = !data;
  if (!data) return;
  $("who").textContent = data.user.email;

  const profile = await kit.api.api.user.profile.$get();
  if (profile.ok) {
    const { software_level, hardware_background } = await profile.json();
    $("profile").software_level.value = software_level;
    $("profile").hardware_background.value = hardware_background;
  }
  const context = await kit.getContext({ contentType: "chat" });
  $("notes").textContent = context.personalization_notes ?? "";

  // The embedding sites are the API's configuration (TRUSTED_ORIGINS); the demo widget runs on the first.
  const { consents } = await (await kit.api.api.user.consents.$get()).json();
  const [widget] = consents;
  if (widget) {
    $("widget-origin").textContent = widget.origin;
    $("consents").dataset.origin = widget.origin;
    if (!$("widget").getAttribute("src"))
      $("widget").src = `${widget.origin}/?api=${encodeURIComponent(location.origin)}`;
    for (const field of FIELDS) $("consents")[field].checked = widget.fields.includes(field);
  }

  await renderLog();
}

// Events come through a queue (seconds): the list is read again while the page is open.
async function renderLog() {
  if ($("signed-in").hidden) return;
  const response = await kit.api.api.user["security-log"].$get({ query: { limit: "10" } });
  if (!response.ok) return;
  const log = await response.json();
  $("security-log").replaceChildren(
    ...log.items.map((event) => {
      const item = document.createElement("li");
      const method = event.detail.method ? ` (${event.detail.method})` : "";
      item.textContent = `${new Date(event.occurred_at).toLocaleString()}: ${event.type}${method}, ${event.device}`;
      return item;
    }),
  );
}

async function act(work) {
  show("");
  try {
    await work();
    await render();
  } catch (error) {
    show(error.message);
  }
}

$("sign-up").addEventListener("submit", (event) => {
  event.preventDefault();
  act(async () => {
    const { error } = await kit.auth.signUp.email(values(event.target));
    if (error) throw new Error(error.message ?? error.statusText);
  });
});

$("sign-in").addEventListener("submit", (event) => {
  event.preventDefault();
  act(async () => {
    const { error } = await kit.auth.signIn.email(values(event.target));
    if (error) throw new Error(error.message ?? error.statusText);
  });
});

$("sign-out").addEventListener("click", () => act(() => kit.auth.signOut()));

$("profile").addEventListener("submit", (event) => {
  event.preventDefault();
  act(async () => {
    const response = await kit.api.api.user.profile.$put({ json: values(event.target) });
    if (!response.ok) throw new Error(await problemOf(response));
  });
});

$("consents").addEventListener("submit", (event) => {
  event.preventDefault();
  act(async () => {
    const fields = FIELDS.filter((field) => event.target[field].checked);
    const origin = event.target.dataset.origin;
    const response = await kit.api.api.user.consents.$put({ json: { consents: [{ origin, fields }] } });
    if (!response.ok) throw new Error(await problemOf(response));
    // A narrowed grant holds at once; a widened one from the widget's next token. Telling the widget lets it
    // mint that token now rather than when its current one is due.
    $("widget").contentWindow?.postMessage({ type: "persona-edge:consents-changed" }, origin);
  });
});

act(async () => {});
setInterval(() => renderLog().catch(() => {}), 5000);
