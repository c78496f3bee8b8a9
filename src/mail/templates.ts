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
