// electron-builder's afterPack hook (electron-builder.yml): flips the Electron fuses of the packaged binary with
// @electron/fuses, then reads them back and stops the build if any is not as set. It runs after electron-builder has
// copied the app into its asar archive and embedded the archive's integrity hash in the binary (Windows resources,
// macOS Info.plist), and before the binary is signed: the fuses are part of what is signed.
// Fuses: https://www.electronjs.org/docs/latest/tutorial/fuses ; Electron security checklist:
// https://www.electronjs.org/docs/latest/tutorial/security
const path = require('node:path');
const { flipFuses, getCurrentFuseWire, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** Each fuse OMU Desk sets, and why. */
const FUSES = {
  // `ELECTRON_RUN_AS_NODE=1 "OMU Desk.exe" evil.js` would otherwise run any script with the app's file access.
  RunAsNode: false,
  // Cookies (none are used today) encrypted at rest with an OS-protected key.
  EnableCookieEncryption: true,
  // NODE_OPTIONS (--require a script) and --inspect/--inspect-brk would otherwise let anyone run code in the main process.
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  // app.asar is checked against the hash embedded in the binary (Windows and macOS; Electron has no such check on Linux).
  EnableEmbeddedAsarIntegrityValidation: true,
  // The app's code is loaded from app.asar only, not from a resources/app folder someone drops beside it.
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The renderer is served from omu://app/ (electron/app/protocol.ts): file: pages get no extra privileges.
  GrantFileProtocolExtraPrivileges: false,
};

/** The binary that carries the fuse wire inside what electron-builder packed for this platform. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas')
    return path.join(appOutDir, `${packager.appInfo.productFilename}.app`);
  if (electronPlatformName === 'win32')
    return path.join(appOutDir, `${packager.appInfo.productFilename}.exe`);
  return path.join(appOutDir, packager.executableName);
}

function fuseConfig(resetAdHocDarwinSignature = false) {
  const config = { version: FuseVersion.V1, resetAdHocDarwinSignature };
  for (const [name, value] of Object.entries(FUSES)) config[FuseV1Options[name]] = value;
  return config;
}

/** Flips the fuses of one Electron binary and checks each one as it now reads; returns the fuses as read. */
async function setFuses(binary, { resetAdHocDarwinSignature = false } = {}) {
  await flipFuses(binary, fuseConfig(resetAdHocDarwinSignature));
  const wire = await getCurrentFuseWire(binary);
  const read = {};
  for (const [name, want] of Object.entries(FUSES)) {
    const state = wire[FuseV1Options[name]];
    const is = state === 49 ? true : state === 48 ? false : undefined;
    if (is !== want)
      throw new Error(
        `The Electron fuse ${name} of ${binary} reads ${state === undefined ? 'missing' : String.fromCharCode(state)}, not ${want ? 'on' : 'off'}`,
      );
    read[name] = is;
  }
  return read;
}

async function afterPack(context) {
  const binary = electronBinary(context);
  // An arm64 or universal macOS build must be signed again ad hoc after its binary changes.
  const read = await setFuses(binary, {
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch !== 1,
  });
  console.log(
    `  • Electron fuses set on ${path.basename(binary)}: ${Object.entries(read)
      .map(([k, v]) => `${k} ${v ? 'on' : 'off'}`)
      .join(', ')}`,
  );
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.afterPack = afterPack;
module.exports.FUSES = FUSES;
module.exports.setFuses = setFuses;
module.exports.electronBinary = electronBinary;
