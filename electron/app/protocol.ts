import fs from 'node:fs';
import path from 'node:path';
import type { Protocol } from 'electron';

/**
 * The renderer is served from `omu://app/`, a custom privileged scheme, rather than `file://` (Electron security
 * checklist, item 18): a file: page could read any file its URL can name, and every file: page shares one origin.
 * Only files under the built renderer folder are served; a path that leads out of it is refused.
 */
export const APP_SCHEME = 'omu';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;

/**
 * One string (so that electronegativity can read it), the same for the app, the browser door and renderer/index.html.
 * No 'unsafe-inline' anywhere: scripts and styles come only from the app's own files. React sets `style={...}`
 * through the CSSOM (element.style), which CSP does not govern, so inline style attributes need no exception
 * (style-src-attr 'none' refuses them in markup); the renderer has no <style> element nor inline script.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'none'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Must run before the app is ready: a standard, secure scheme (relative URLs, 'self' in the CSP, no mixed content). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: false,
        corsEnabled: false,
        stream: false,
        bypassCSP: false,
      },
    },
  ]);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const refuse = (status: number, text: string) =>
  new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/**
 * The file under `rootDir` that an `omu://app/...` address names, or null when it names none: another host, a path
 * that climbs out of the folder (`..`, also percent-encoded or with backslashes), a NUL byte, or a folder.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(root + path.sep)) return null;
  return file;
}

/** Serves the built renderer on `omu://app/`, every response with the CSP; GET only, nothing outside `rootDir`. */
export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rootDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rootDir, request));
}

export async function appResponse(
  rootDir: string,
  request: Pick<Request, 'url' | 'method'>,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Only GET');
  const file = resolveAppFile(rootDir, request.url);
  if (!file) return refuse(403, 'Not part of OMU Desk');
  let body: Buffer;
  try {
    body = await fs.promises.readFile(file);
  } catch {
    return refuse(404, 'Not found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}
