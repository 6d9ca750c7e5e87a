import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

const require = createRequire(import.meta.url);
const hook = require('../../../scripts/after-pack.cjs') as {
  (context: unknown): Promise<void>;
  FUSES: Record<string, boolean>;
  setFuses(binary: string): Promise<Record<string, boolean>>;
};

// @electron/fuses finds the fuse wire after this sentinel: a version byte, a length byte, then one byte per fuse
// ('0' off, '1' on). The Electron binary cannot be downloaded here, so the test packs a file laid out the same way,
// with Electron 38's wire as shipped (RunAsNode, NODE_OPTIONS, --inspect and file: privileges on; the rest off).
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const AS_SHIPPED = '10110001';

function fakeElectron(file: string, wire = AS_SHIPPED): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const before = Buffer.alloc(4096, 0x90);
  fs.writeFileSync(
    file,
    Buffer.concat([
      before,
      Buffer.from(SENTINEL),
      Buffer.from([1, wire.length]),
      Buffer.from(wire),
      Buffer.alloc(4096, 0xcc),
    ]),
  );
}
const wireOf = (file: string) => {
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1');
};

describe('Electron fuses (electron-builder afterPack, scripts/after-pack.cjs)', () => {
  it('electron-builder.yml runs the hook, with the app in an asar archive', () => {
    const yml = fs.readFileSync('electron-builder.yml', 'utf8');
    expect(yml).toMatch(/^afterPack: \.\/scripts\/after-pack\.cjs$/m);
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).not.toMatch(/^electronFuses:/m);
  });

  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file: privileges, turns on asar integrity, asar only and cookie encryption, and reads them back', async () => {
    const dir = tempDir('omu-fuses-');
    const exe = path.join(dir, 'win-unpacked', 'OMU Desk.exe');
    fakeElectron(exe);
    const size = fs.statSync(exe).size;
    await hook({
      appOutDir: path.dirname(exe),
      electronPlatformName: 'win32',
      arch: 1,
      packager: { appInfo: { productFilename: 'OMU Desk' } },
    });
    // RunAsNode, Cookie encryption, NODE_OPTIONS, --inspect, asar integrity, only asar, V8 snapshot, file: privileges.
    expect(wireOf(exe)).toBe('01001100');
    expect(fs.statSync(exe).size).toBe(size);

    const linux = path.join(dir, 'linux-unpacked', 'omu-desk');
    fakeElectron(linux);
    await hook({
      appOutDir: path.dirname(linux),
      electronPlatformName: 'linux',
      arch: 1,
      packager: { executableName: 'omu-desk', appInfo: { productFilename: 'OMU Desk' } },
    });
    expect(wireOf(linux)).toBe('01001100');
  });

  it('stops the build when the binary cannot carry every fuse set, or has no fuse wire', async () => {
    const dir = tempDir('omu-fuses-');
    // An Electron older than the fuses set here (a wire of five): the build stops rather than ship without them.
    const old = path.join(dir, 'old-electron');
    fakeElectron(old, '10110');
    await expect(hook.setFuses(old)).rejects.toThrow(/not long enough/);
    const none = path.join(dir, 'not-electron');
    fs.writeFileSync(none, Buffer.alloc(1024));
    await expect(hook.setFuses(none)).rejects.toThrow(/sentinel/);
  });
});
