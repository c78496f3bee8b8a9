/** Phone verification codes: how long they last, how many tries they allow, and the text that carries them. */

export const PHONE_CODE_SECONDS = 5 * 60;
export const PHONE_CODE_ATTEMPTS = 3;

export function phoneCodeText(code: string): string {
  return `Your persona-edge code is ${code}. It expires in ${PHONE_CODE_SECONDS / 60} minutes. Do not share it.`;
}
