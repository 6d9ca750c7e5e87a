import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Router } from './router';
import { CONTENT_SECURITY_POLICY } from '../app/protocol';
import { AppError } from '../domain/shared/errors';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};
const MAX_BODY = 60 * 1024 * 1024;
// The same policy as the desktop app's (no 'unsafe-inline'), so the browser tests run the renderer under it.
const CSP = CONTENT_SECURITY_POLICY;

/** The request's URL and its percent-decoded path, or null when either is malformed. */
export function parseRequestPath(raw: string | undefined): { url: URL; decodedPath: string } | null {
  try {
    const url = new URL(raw ?? '/', 'http://door.invalid');
    return { url, decodedPath: decodeURIComponent(url.pathname) };
  } catch {
    return null;
  }
}

export interface HttpDoor {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Door 3: the real renderer served to a browser with the API over HTTP, bound to 127.0.0.1 only. A token put into
 * the page is required on every API call, and the Host header is checked, so other local pages cannot call it.
 */
export function startHttpDoor(opts: {
  router: Router;
  staticDir: string;
  port?: number;
  host?: string;
}): Promise<HttpDoor> {
  const host = opts.host ?? '127.0.0.1';
  const token = crypto.randomBytes(24).toString('hex');
  const staticDir = path.resolve(opts.staticDir);
  const indexFile = path.join(staticDir, 'index.html');
  if (!fs.existsSync(indexFile))
    throw new AppError(
      'not-found',
      `The renderer is not built: ${indexFile} is missing (run npm run build:renderer)`,
    );
  let port = 0;

  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const send = (
      status: number,
      body: string | Buffer,
      type: string,
      extra: Record<string, string> = {},
    ) => {
      if (res.headersSent) return void res.end();
      res.writeHead(status, {
        'content-type': type,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        ...extra,
      });
      res.end(body);
    };
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `${host}:${port}` && hostHeader !== `localhost:${port}`)
      return send(421, 'Misdirected request', 'text/plain');
    // A malformed address ('/%', an unfinished UTF-8 escape) is the client's mistake: 400, never an exception.
    const parsed = parseRequestPath(req.url);
    if (!parsed)
      return send(
        400,
        JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'The address is not valid' } }),
        'application/json',
      );
    const { url, decodedPath } = parsed;

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(405, 'Use POST', 'text/plain');
      if (req.headers['x-omu-token'] !== token)
        return send(
          403,
          JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Missing or wrong token' } }),
          'application/json',
        );
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          req.destroy();
          return;
        }
        chunks.push(c);
      });
      req.on('end', async () => {
        let input: unknown;
        try {
          input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return send(
            400,
            JSON.stringify({
              ok: false,
              error: { code: 'invalid-input', message: 'The request body is not JSON' },
            }),
            'application/json',
          );
        }
        try {
          const result = await opts.router.handle(decodedPath.slice(5), input);
          send(200, JSON.stringify(result), 'application/json');
        } catch {
          send(
            500,
            JSON.stringify({
              ok: false,
              error: { code: 'internal', message: 'OMU Desk could not answer this request' },
            }),
            'application/json',
          );
        }
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', 'text/plain');
    const rel = url.pathname === '/' ? 'index.html' : decodedPath.replace(/^\/+/, '');
    const file = path.resolve(staticDir, rel);
    if (!file.startsWith(staticDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile())
      return send(404, 'Not found', 'text/plain');
    if (file === indexFile) {
      const html = fs
        .readFileSync(indexFile, 'utf8')
        .replace('<head>', `<head>\n    <meta name="omu-token" content="${token}" />`);
      return send(200, html, TYPES['.html']!, { 'content-security-policy': CSP });
    }
    send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
  };

  // No request ends the process: whatever one throws is answered with a 500 and the door goes on serving.
  const server = http.createServer((req, res) => {
    req.on('error', () => res.destroy());
    try {
      serve(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    }
  });
  server.on('clientError', (_e, socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${port}/`,
        port,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
