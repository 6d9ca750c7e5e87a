import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Router } from './router';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};
const MAX_BODY = 60 * 1024 * 1024;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface HttpDoor {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Door 3: the real renderer served to a browser with the API over HTTP, bound to 127.0.0.1 only. A token put into
 * the page is required on every API call, and the Host header is checked, so other local pages cannot call it.
 */
export function startHttpDoor(opts: { router: Router; staticDir: string; port?: number; host?: string }): Promise<HttpDoor> {
  const host = opts.host ?? '127.0.0.1';
  const token = crypto.randomBytes(24).toString('hex');
  const staticDir = path.resolve(opts.staticDir);
  const indexFile = path.join(staticDir, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`The renderer is not built: ${indexFile} is missing (run npm run build:renderer)`);
  let port = 0;

  const server = http.createServer((req, res) => {
    const send = (status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...extra });
      res.end(body);
    };
    const hostHeader = req.headers.host ?? '';
    if (hostHeader !== `${host}:${port}` && hostHeader !== `localhost:${port}`) return send(421, 'Misdirected request', 'text/plain');
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(405, 'Use POST', 'text/plain');
      if (req.headers['x-omu-token'] !== token) return send(403, JSON.stringify({ ok: false, error: { code: 'forbidden', message: 'Missing or wrong token' } }), 'application/json');
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) { req.destroy(); return; }
        chunks.push(c);
      });
      req.on('end', async () => {
        let input: unknown;
        try {
          input = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        } catch {
          return send(400, JSON.stringify({ ok: false, error: { code: 'invalid-input', message: 'The request body is not JSON' } }), 'application/json');
        }
        const result = await opts.router.handle(decodeURIComponent(url.pathname.slice(5)), input);
        send(200, JSON.stringify(result), 'application/json');
      });
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed', 'text/plain');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticDir, rel);
    if (!file.startsWith(staticDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return send(404, 'Not found', 'text/plain');
    if (file === indexFile) {
      const html = fs.readFileSync(indexFile, 'utf8').replace('<head>', `<head>\n    <meta name="omu-token" content="${token}" />`);
      return send(200, html, TYPES['.html']!, { 'content-security-policy': CSP });
    }
    send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${port}/`,
        port,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
