import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import { oldNameOf } from '../../support/commands';
import { bundledScript } from '../../support/script-bundle';

/** The browser door as its own process (npm run dev:browser), so that a request that kills it is seen to. */
let door: ChildProcess;
let port = 0;
let token = '';
let exited: number | null = null;

function request(
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path: rawPath, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const dir = tempDir('omu-door-');
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(
    path.join(staticDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  door = spawn(
    process.execPath,
    [
      await bundledScript({ entry: 'electron/browser-door.ts' }),
      '--db',
      path.join(dir, 'omu.sqlite'),
      '--port',
      '0',
      '--static',
      staticDir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  door.on('exit', (code) => {
    exited = code ?? -1;
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    door.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        port = Number(m[1]);
        resolve();
      }
    });
    door.on('exit', () => reject(new Error(`the browser door ended before it listened: ${out}`)));
  });
  const index = await request('GET', '/');
  token = /name="omu-token" content="([0-9a-f]+)"/.exec(index.body)![1]!;
});

afterAll(() => {
  if (exited === null) door.kill('SIGTERM');
});

describe('browser door against malformed requests (issue 13, item 2)', () => {
  it.each([
    ['GET', '/%'],
    ['GET', '/%E0%A4%A'],
    ['GET', '/assets/%ZZ.js'],
    ['POST', '/api/%E0%A4%A'],
    ['POST', '/api/%'],
  ])('%s %s gets 400 and the door keeps serving', async (method, rawPath) => {
    const res = await request(
      method,
      rawPath,
      { 'x-omu-token': token, 'content-type': 'application/json' },
      method === 'POST' ? '{}' : undefined,
    );
    expect(res.status).toBe(400);
    const info = await request('POST', '/api/app/info', { 'x-omu-token': token }, '{}');
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, value: { door: 'http' } });
    expect(exited).toBeNull();
  });

  it("names an operation by its path, its '/' plain or encoded, or by its old name (issue 15)", async () => {
    for (const name of ['app/info', 'app%2Finfo', 'app%2finfo', oldNameOf('app/info')]) {
      const res = await request('POST', `/api/${name}`, { 'x-omu-token': token }, '{}');
      expect([name, res.status, JSON.parse(res.body)]).toMatchObject([
        name,
        200,
        { ok: true, value: { door: 'http' } },
      ]);
    }
    const unknown = await request('POST', '/api/app/nothing', { 'x-omu-token': token }, '{}');
    expect(JSON.parse(unknown.body)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Unknown operation app/nothing' },
    });
  });

  it('answers a request line that is not a path at all, and still serves', async () => {
    const res = await request('GET', '//[', { 'x-omu-token': token });
    expect([400, 404]).toContain(res.status);
    expect((await request('GET', '/')).status).toBe(200);
    expect(exited).toBeNull();
  });
});
