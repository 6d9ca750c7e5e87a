import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectServerDb } from '../../server/db/postgres';
import { createHttpServer } from '../../server/http';
import { createUnit } from '../../server/unit';
import { freshServerDatabase } from '../support/postgres';
import { bundledScript } from '../support/script-bundle';

/**
 * The unit server over HTTPS (`omu-server serve --tls-cert --tls-key`): a workstation that trusts the prison's
 * certificate authority (NODE_EXTRA_CA_CERTS, read when the process starts) reaches it; one that does not is
 * offline with the reason, and never falls back to plain HTTP.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-tls-'));
const cert = path.join(dir, 'cert.pem');
const key = path.join(dir, 'key.pem');
let url = '';
let close: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=omu-unit-server',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  const { url: dbUrl } = await freshServerDatabase();
  const { pool } = connectServerDb(dbUrl);
  const http = createHttpServer(createUnit(pool), {
    https: { cert: fs.readFileSync(cert), key: fs.readFileSync(key) },
  });
  await http.listen({ host: '127.0.0.1', port: 0 });
  url = `https://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  close = async () => {
    await http.close();
    await pool.end();
  };
}, 120_000);
afterAll(async () => {
  await close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The workstation's own transport, in a fresh process whose trust store is set by the environment. */
async function callFromWorkstation(target: string, env: Record<string, string>): Promise<{ text: string }> {
  const script = await bundledScript({
    name: 'transport-call',
    code: `import { httpTransport } from ${JSON.stringify(path.resolve('electron/sync/transport.ts'))};
    httpTransport(process.argv[2], { timeoutMs: 20000 }).call('enrol', { code: 'NOT-A-CODE', workstation: 'PC' })
      .then(() => console.log('ANSWER accepted'), (e) => console.log('ANSWER ' + e.name + ': ' + e.message));`,
  });
  // Asynchronous: the server answers from this very process.
  const r = await promisify(execFile)(process.execPath, [script, target], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { text: r.stdout.split('\n').find((l) => l.startsWith('ANSWER ')) ?? `no answer: ${r.stderr}` };
}

describe('unit server over TLS', () => {
  it('answers a workstation that trusts its certificate (the refusal of a bad code is the server speaking)', async () => {
    const r = await callFromWorkstation(url, { NODE_EXTRA_CA_CERTS: cert });
    expect(r.text).toMatch(/ANSWER AppError: .*code/i);
  }, 90_000);

  it('is offline, naming the certificate, for a workstation that does not trust it', async () => {
    const r = await callFromWorkstation(url, { NODE_EXTRA_CA_CERTS: '' });
    expect(r.text).toMatch(/ANSWER OfflineError: .*cannot be reached.*(certificate|self.signed)/i);
  }, 90_000);

  it('does not speak plain HTTP on the TLS port', async () => {
    const r = await callFromWorkstation(url.replace('https:', 'http:'), { NODE_EXTRA_CA_CERTS: cert });
    expect(r.text).toMatch(/ANSWER OfflineError/);
  }, 90_000);
});
