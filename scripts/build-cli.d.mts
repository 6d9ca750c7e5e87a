/** Where scripts/build-cli.mjs writes the command line. */
export const CLI_BUNDLE: string;
/** Bundles electron/cli.ts into dist/cli/omu.cjs; resolves to its path. */
export function buildCli(): Promise<string>;
