/** Where scripts/build-cli.mjs writes the command line. */
export const CLI_BUNDLE: string;
/** Where it writes the unit server's `omu-server`. */
export const SERVER_BUNDLE: string;
/** Bundles electron/cli.ts into dist/cli/omu.cjs and server/cli.ts into dist/cli/omu-server.cjs; resolves to the first. */
export function buildCli(): Promise<string>;
