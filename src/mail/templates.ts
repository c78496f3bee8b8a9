/** The emails persona-edge sends: plain text and HTML, each with the product name and its one action link. */
import type { MailMessage } from "./message";

const PRODUCT = "persona-edge";

const escapeHtml = (value: string) =>
  value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function actionMail(
  to: string,
  subject: string,
  intro: string,
  action: string,
  url: string,
  outro: string,
): MailMessage {
  const text = `${intro}\n\n${action}: ${url}\n\n${outro}\n\n— ${PRODUCT}`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(intro)}</p>
<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;background:#2b59c3;color:#fff;border-radius:6px;text-decoration:none">${escapeHtml(action)}</a></p>
<p style="color:#555">Or open this link: ${escapeHtml(url)}</p>
<p style="color:#555">${escapeHtml(outro)}</p>
<p>— ${PRODUCT}</p>
</body></html>`;
  return { to, subject, text, html };
}

export function verificationMail(to: string, url: string): MailMessage {
  return actionMail(
    to,
    `Verify your email for ${PRODUCT}`,
    `Confirm that ${to} is your email address for ${PRODUCT}.`,
    "Verify email",
    url,
    "If you did not sign up, ignore this message.",
  );
}

export function passwordResetMail(to: string, url: string, expiresInMinutes: number): MailMessage {
  return actionMail(
    to,
    `Reset your ${PRODUCT} password`,
    `Someone asked to reset the password of ${to} on ${PRODUCT}.`,
    "Choose a new password",
    url,
    `The link works once and expires in ${expiresInMinutes} minutes. If you did not ask, ignore this message: your password stays as it is.`,
  );
}

/**
 * To the owner of an address someone tried to sign up with, when sign-up answers alike for new and taken
 * addresses: the only place the difference shows is the owner's own inbox.
 */
export function existingAccountMail(to: string): MailMessage {
  const intro = `Someone tried to create a ${PRODUCT} account with ${to}, which already has one.`;
  const outro = "If it was you, sign in instead, or reset your password if you forgot it. If not, ignore this message.";
  return {
    to,
    subject: `Sign-up attempt with your ${PRODUCT} address`,
    text: `${intro}\n\n${outro}\n\n— ${PRODUCT}`,
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5"><p>${escapeHtml(intro)}</p><p style="color:#555">${escapeHtml(outro)}</p><p>— ${PRODUCT}</p></body></html>`,
  };
}

const OTP_PURPOSES: Record<string, string> = {
  "sign-in": `sign in to ${PRODUCT}`,
  "email-verification": `verify your email for ${PRODUCT}`,
};

/** A one-time code by email (Better Auth's email-OTP plugin): sign-in, or verifying the address. */
export function oneTimeCodeMail(to: string, code: string, type: string, expiresInMinutes: number): MailMessage {
  const purpose = OTP_PURPOSES[type] ?? `use ${PRODUCT}`;
  const intro = `Your code to ${purpose} is ${code}. It expires in ${expiresInMinutes} minutes and works once.`;
  const outro = "If you did not ask for it, ignore this message: nobody can use the code without your inbox.";
  const text = `${intro}\n\n${outro}\n\n— ${PRODUCT}`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">
<p>Your code to ${escapeHtml(purpose)}:</p>
<p style="font-size:28px;letter-spacing:6px;font-weight:bold">${escapeHtml(code)}</p>
<p style="color:#555">It expires in ${expiresInMinutes} minutes and works once. ${escapeHtml(outro)}</p>
<p>— ${PRODUCT}</p>
</body></html>`;
  return { to, subject: `${code} is your ${PRODUCT} code`, text, html };
}

export function magicLinkMail(to: string, url: string, expiresInMinutes: number): MailMessage {
  return actionMail(
    to,
    `Sign in to ${PRODUCT}`,
    `Sign in to ${PRODUCT} as ${to}. The link works once, for ${expiresInMinutes} minutes.`,
    "Sign in",
    url,
    "If you did not ask for it, ignore this message.",
  );
}
