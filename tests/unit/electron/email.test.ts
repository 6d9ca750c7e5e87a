import { describe, expect, it } from 'vitest';
import { emlDraft } from '../../../electron/documents/irmt-minutes';
import { emailAddressSchema, formatMailbox } from '../../../electron/domain/shared/email';

const attachment = { fileName: 'extract.pdf', bytes: Buffer.from('%PDF-1.7') };
/** The To header as a mail client reads it: unfolded, then split into mailboxes outside quoted strings. */
function recipients(eml: string): string[] {
  const headers = eml.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]/g, ' ');
  const to = /^To: (.*)$/m.exec(headers)![1]!;
  const out: string[] = [];
  let quoted = false;
  let current = '';
  for (let i = 0; i < to.length; i++) {
    const c = to[i]!;
    if (c === '\\' && quoted) {
      current += c + to[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current.trim());
  return out.map((m) => /<([^<>]*)>\s*$/.exec(m)?.[1] ?? m);
}

describe('e-mail headers (issue 13, item 5; RFC 5322 section 3.4, RFC 2047)', () => {
  it.each([
    ['Bob Smith <attacker@evil.example>, "Jane', 'com@probation.gov.uk'],
    ['Bob\r\nBcc: attacker@evil.example', 'com@probation.gov.uk'],
    ['"Quoted" \\ name', 'com@probation.gov.uk'],
    ['Siân O’Brien, PDU Leeds', 'sian.obrien@justice.gov.uk'],
  ])('a display name %j never adds a recipient or a header', (name, email) => {
    const eml = emlDraft({ name, email }, 'IRMT minutes extract', 'Body', attachment, 'seed');
    expect(recipients(eml)).toEqual([email]);
    const headerNames = eml
      .split('\r\n\r\n')[0]!
      .split('\r\n')
      .filter((l) => !/^[ \t]/.test(l))
      .map((l) => l.split(':')[0]);
    expect(headerNames).toEqual(['To', 'Subject', 'X-Unsent', 'MIME-Version', 'Content-Type']);
  });

  it('keeps a plain name readable and quotes one with specials', () => {
    expect(formatMailbox('Jane Hill', 'jane.hill@justice.gov.uk')).toBe(
      'Jane Hill <jane.hill@justice.gov.uk>',
    );
    expect(formatMailbox('Hill, Jane', 'jane.hill@justice.gov.uk')).toBe(
      '"Hill, Jane" <jane.hill@justice.gov.uk>',
    );
    expect(formatMailbox('Siân', 's@justice.gov.uk')).toBe('=?UTF-8?B?U2nDom4=?= <s@justice.gov.uk>');
  });

  it.each([
    'attacker@evil.example>, x@y.z',
    'a@b.c\r\nBcc: x@y.z',
    'Bob <bob@x.org>',
    'no-at-sign',
    'two@@at.org',
    'a b@c.org',
    'a@-bad-.org',
  ])('refuses %j as an address', (bad) => {
    expect(emailAddressSchema.safeParse(bad).success).toBe(false);
    expect(() => formatMailbox('Name', bad)).toThrow();
  });

  it.each(['com@probation.gov.uk', 'jane.o-hill+irmt@justice.gov.uk', "o'brien@police.uk"])(
    'accepts %j',
    (good) => {
      expect(emailAddressSchema.safeParse(good).success).toBe(true);
    },
  );
});

describe('every door takes only an address where it takes one', () => {
  it.each(['irmt/mark-sent', 'irmt/set-police-contact'] as const)(
    '%s refuses a name with an address in it',
    async (name) => {
      const { commands } = await import('../../../electron/api/registry');
      const input = {
        meetingId: 'm',
        prisonerNumber: 'A1234BC',
        recipient: 'COM',
        sentOn: '2026-11-22',
        name: 'Police',
        email: 'Bob <attacker@evil.example>, com@probation.gov.uk',
      };
      const parsed = commands[name].input.safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues[0]!.path).toEqual(['email']);
      expect(commands[name].input.safeParse({ ...input, email: 'com@probation.gov.uk' }).success).toBe(true);
    },
  );
});
