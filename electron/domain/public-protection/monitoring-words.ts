/**
 * Mail and phone monitoring in the words of the form that authorises it (renderer/pages/PublicProtection.tsx offers
 * "Mail", "Phone" and "Mail and phone"): the stored code `both` is never printed as it is ("offence-related both" on
 * the IRMT agenda, the register and the handover pack, found by using the product, 28/11/2026).
 */
const MEANS_WORDS: Readonly<Record<string, string>> = {
  mail: 'mail',
  phone: 'phone',
  both: 'mail and phone',
};

/** "offence-related mail and phone": an authorisation's basis and what is monitored. */
export function monitoringWords(m: { basis: string; means: string }): string {
  return `${m.basis} ${MEANS_WORDS[m.means] ?? m.means}`;
}
