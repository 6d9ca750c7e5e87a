/** A rule group: the files mutated against the unit tests; a service group: the files and their integration tests. */
export const MUTATION_GROUPS: Record<string, string[] | { mutate: string[]; tests: string[] }>;
/** A group's files to mutate, and the test files run against them (null: the unit tests of the rules). */
export function mutationGroup(name: string): { mutate: string[]; tests: string[] | null };
