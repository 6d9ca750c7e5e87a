import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appResponse,
  registerAppScheme,
  resolveAppFile,
  CONTENT_SECURITY_POLICY,
  RENDERER_URL,
} from '../../../electron/app/protocol';
import { tempDir } from '../../support/temp';

/** A built renderer folder on disk, with a secret beside it that no omu:// address may reach. */
function renderer() {
  const dir = tempDir('omu-protocol-');
  const root = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>OMU Desk</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.mkdirSync(path.join(dir, 'renderer-secrets'));
  fs.writeFileSync(path.join(dir, 'renderer-secrets', 'key.txt'), 'secret');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret');
  return root;
}

const get = (root: string, url: string, method = 'GET') => appResponse(root, { url, method });

describe('the omu://app/ protocol the renderer is served from (issue 13, item 10)', () => {
  it('serves the built renderer with the CSP on every response', async () => {
    const root = renderer();
    expect(RENDERER_URL).toBe('omu://app/index.html');
    for (const [url, type] of [
      ['omu://app/', 'text/html; charset=utf-8'],
      [RENDERER_URL, 'text/html; charset=utf-8'],
      ['omu://app/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const res = await get(root, url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get(root, RENDERER_URL)).text()).toContain('<title>OMU Desk</title>');
    expect((await get(root, RENDERER_URL, 'HEAD')).status).toBe(200);
  });

  it.each([
    ['omu://app/..%2fsecret.txt', 403],
    ['omu://app/%2e%2e%2fsecret.txt', 403],
    ['omu://app/..%2frenderer-secrets%2fkey.txt', 403],
    ['omu://app/assets%5c..%5c..%5csecret.txt', 403],
    ['omu://app/index.html%00.js', 403],
    ['omu://app/%E0%A4%A', 403],
    ['omu://evil/index.html', 403],
    ['file:///etc/passwd', 403],
    ['omu://app/../secret.txt', 404],
    ['omu://app/assets', 404],
    ['omu://app/missing.js', 404],
  ])('%s gets %i and nothing outside the folder', async (url, status) => {
    const res = await get(renderer(), url);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses anything but GET and HEAD, and resolves only inside the folder', async () => {
    const root = renderer();
    expect((await get(root, RENDERER_URL, 'POST')).status).toBe(405);
    expect(resolveAppFile(root, 'omu://app/assets/index-abc.js')).toBe(
      path.join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveAppFile(root, 'omu://app/..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
  });

  it('is registered as a standard, secure scheme that does not bypass the CSP', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => calls.push(...schemes) });
    expect(calls).toEqual([
      {
        scheme: 'omu',
        privileges: expect.objectContaining({
          standard: true,
          secure: true,
          bypassCSP: false,
          corsEnabled: false,
        }),
      },
    ]);
  });
});
