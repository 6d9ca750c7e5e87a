/** "EDWARDS, Jack": a prisoner's name as the lists and the messages write it. */
export const prisonerName = (p: { surname: string; forenames: string }): string =>
  `${p.surname.toUpperCase()}, ${p.forenames}`;

/** "EDWARDS, Jack (G1359EJ)": a prisoner named in a sentence, as the POM knows him and by his number. */
export const prisonerWho = (p: { surname: string; forenames: string; prisonerNumber: string }): string =>
  `${prisonerName(p)} (${p.prisonerNumber})`;
