import { z } from 'zod';

// An address as RFC 5322 section 3.4.1 allows it in practice for the unit's correspondents: a dot-atom local part
// (atext: letters, digits and !#$%&'*+/=?^_`{|}~-) and a domain of LDH labels. No quoted local parts, comments,
// spaces, angle brackets, commas or line breaks: none can then end a header or add a recipient.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const ADDRESS = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@${LABEL}(?:\\.${LABEL})+$`);

export const isEmailAddress = (s: string) => s.length <= 254 && ADDRESS.test(s);

/** Every e-mail address OMU Desk takes (staff, COM, police contact, a record of sending) goes through this. */
export const emailAddressSchema = z
  .string()
  .trim()
  .refine(isEmailAddress, { message: 'must be an email address' });

/**
 * `Display Name <address>` for a header (RFC 5322 section 3.4): a name of plain words stays as it is; one with
 * specials (comma, angle brackets, quotes) becomes a quoted string; one with any other character (non-ASCII, a line
 * break) becomes an RFC 2047 encoded word. So no name can add a recipient or a header.
 */
export function formatMailbox(name: string, email: string): string {
  if (!isEmailAddress(email)) throw new Error(`Not an e-mail address: ${JSON.stringify(email)}`);
  const display = name.trim();
  if (!display) return `<${email}>`;
  if (/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]+$/.test(display)) return `${display.replace(/ +/g, ' ')} <${email}>`;
  if (/^[\x20-\x7e]+$/.test(display)) return `"${display.replace(/[\\"]/g, (c) => `\\${c}`)}" <${email}>`;
  return `${encodedWord(display)} <${email}>`;
}

/** An RFC 2047 "B" encoded word for text that is not printable ASCII. */
export function encodedWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}
