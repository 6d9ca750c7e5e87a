import { monitorEventLoopDelay } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toApiError } from '../electron/api/errors';
import { AppError, loggedError } from '../electron/domain/shared/errors';
import { newPushTiming, type Device } from './mutations';
import type { Unit } from './unit';

/**
 * The unit server's HTTP API. A workstation proves itself with the token it got at enrolment (Authorization:
 * Bearer); a member of staff proves themselves by their password (sign-in) and by signing each change.
 * Bodies are checked by zod; every failure is `{ ok: false, error: { code, message, field } }`.
 */

const mutationSchema = z.object({
  mutationId: z.number().int().min(1),
  commandId: z.string().min(10).max(40),
  name: z.string().min(1).max(100),
  input: z.unknown(),
  actorId: z.string().nullable(),
  clientToday: z.string(),
  clientAt: z.string(),
  signature: z.string().max(200),
});

/** The most rows one slice of a prison's first data may hold (the workstation sends SEED_SLICE_ROWS, electron/sync/engine.ts). */
const SEED_SLICE_ROWS_MAX = 10_000;

/**
 * The digest of the sign-in details the workstation holds (credentialsDigest, electron/sync/credentials-digest.ts; null
 * for none): given, the push or pull answers with the prison's digest, and the details when they differ. A workstation
 * before this one does not send it and is answered as before.
 */
const heldCredentials = z.string().max(100).nullable().optional();

const bodies = {
  enrol: z.object({ code: z.string().min(1).max(40), workstation: z.string().trim().min(1).max(100) }),
  push: z.object({ mutations: z.array(mutationSchema).max(1000), credentials: heldCredentials }),
  pull: z.object({
    cursor: z.number().int().min(0),
    maxVersions: z.number().int().min(1).max(5000).optional(),
    credentials: heldCredentials,
  }),
  snapshot: z.object({
    table: z.string().min(1).max(100),
    after: z.string().nullable(),
    limit: z.number().int().min(1).max(20000).optional(),
    /** Go on through the tables that follow (an answer of pages, see snapshotFrom); a workstation before this one does not. */
    following: z.boolean().optional(),
  }),
  seedBegin: z.object({ adminName: z.string().min(1), password: z.string().min(1) }),
  seedSlice: z.object({
    upload: z.string().min(1).max(100),
    table: z.string().min(1).max(100),
    slice: z.number().int().min(0),
    rows: z.array(z.record(z.string(), z.unknown())).max(SEED_SLICE_ROWS_MAX),
  }),
  seedFinish: z.object({
    upload: z.string().min(1).max(100),
    slices: z.record(z.string(), z.number().int().min(0)),
  }),
  signIn: z.object({ staffId: z.string().min(1), password: z.string().min(1).max(200) }),
  setPassword: z.object({
    staffId: z.string().min(1).optional(),
    code: z.string().min(1).max(40),
    password: z.string().min(1).max(1000),
  }),
  changePassword: z.object({
    staffId: z.string().min(1),
    currentPassword: z.string().min(1).max(1000),
    newPassword: z.string().min(1).max(1000),
  }),
};

const statusOf = (code: string) =>
  (
    ({
      'invalid-input': 400,
      'not-found': 404,
      forbidden: 403,
      'not-identified': 401,
      conflict: 409,
    }) as Record<string, number>
  )[code] ?? 500;

export function createHttpServer(
  unit: Unit,
  options: {
    logger?: boolean;
    bodyLimit?: number;
    /** How long an idle connection is kept open for its next request (Fastify's default, 72 s, when not given). */
    keepAliveTimeoutMs?: number;
    https?: { cert: Buffer; key: Buffer };
  } = {},
): FastifyInstance {
  const common = {
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 512 * 1024 * 1024,
    ...(options.keepAliveTimeoutMs ? { keepAliveTimeout: options.keepAliveTimeoutMs } : {}),
  };
  const app = (options.https
    ? Fastify({ ...common, https: { ...options.https, minVersion: 'TLSv1.2' } })
    : Fastify(common)) as unknown as FastifyInstance;

  const fail = (reply: FastifyReply, e: unknown) => {
    const error = toApiError(e);
    // Logged whatever the logger setting: the answer says so. Without the failed query's parameters (loggedError).
    if (error.code === 'internal')
      if (options.logger) app.log.error(`internal error: ${loggedError(e)}`);
      else console.error(`[omu-server] internal error: ${loggedError(e)}`);
    return reply.code(statusOf(error.code)).send({
      ok: false,
      error:
        error.code === 'internal'
          ? { code: 'internal', message: 'The unit server could not do that; it has been logged.' }
          : error,
    });
  };

  const notEnrolled = () =>
    new AppError(
      'not-identified',
      'This workstation is not enrolled with the unit server (or was removed): join again with a new code.',
    );
  const bearer = (req: FastifyRequest) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

  const authed =
    <S extends z.ZodType, R>(
      schema: S,
      handler: (device: Device, body: z.output<S>) => Promise<R>,
      options: { checkedInTransaction?: boolean } = {},
    ) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        const device = await unit.authenticate(bearer(req), options);
        if (!device) throw notEnrolled();
        return { ok: true, value: await handler(device, schema.parse(req.body ?? {})) };
      } catch (e) {
        return fail(reply, e);
      }
    };

  // How late this server's event loop has run since the last health check (a request's bytes wait unread while it is
  // held or the process waits for a core): the sync bench reads it around its 60 s of pushes.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.addHook('onClose', async () => loop.disable());

  // A request under way when the server is stopped (`omu-server serve` on SIGTERM) is answered, then its connection is
  // closed: Fastify's close reaps only the connections idle at that moment, so this one, idle once answered, was kept
  // for its next request until the keep-alive time ran out (72 s by default) before the server and its cluster could
  // stop. Requests that arrive while it stops are refused (503) with `Connection: close` by Fastify itself.
  let stopping = false;
  app.addHook('preClose', (done) => {
    stopping = true;
    done();
  });
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (stopping) reply.header('connection', 'close');
    done(null, payload);
  });
  app.get('/api/health', async () => {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const eventLoopDelayMs = loop.count
      ? { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) }
      : null;
    loop.reset();
    return { ok: true, value: { service: 'omu-server', eventLoopDelayMs } };
  });
  app.post('/api/enrol', async (req, reply) => {
    try {
      return { ok: true, value: await unit.enrol(bodies.enrol.parse(req.body ?? {})) };
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.post(
    '/api/state',
    authed(z.object({}).passthrough(), (device) => unit.state(device)),
  );
  // Where the push's time went (checking the workstation's token, waiting for the prison's turn, a connection and its
  // lock, re-running, the other changes applied in the same transaction, committing; tries), in the standard Server-Timing header: the bench reads it, and so can anyone
  // looking at a slow unit.
  app.post('/api/push', async (req, reply) => {
    const started = performance.now();
    const timing = newPushTiming();
    let authMs = 0;
    // The push checks its workstation again in its transaction: its token may be found in the server's memory. Not
    // when it asks about the sign-in details, which are told before that transaction (to a workstation still enrolled).
    const told = (req.body as { credentials?: unknown } | null)?.credentials !== undefined;
    const handler = authed(
      bodies.push,
      async (device, b) => {
        authMs = performance.now() - started;
        if (b.credentials === undefined) return unit.push(device, b.mutations, timing);
        // Sign-in details changed since the workstation's copy: none of its changes is taken, and it is given them
        // (a change signed with a password's key changed meanwhile then waits for its maker, rather than being refused).
        const credentials = await unit.credentialsSince(device, b.credentials);
        return {
          credentials,
          outcomes: credentials.list ? null : await unit.push(device, b.mutations, timing),
        };
      },
      { checkedInTransaction: !told },
    );
    const result = await handler(req, reply);
    const ms = (x: number) => x.toFixed(2);
    reply.header(
      'server-timing',
      [
        `total;dur=${ms(performance.now() - started)}`,
        `auth;dur=${ms(authMs)}`,
        `queue;dur=${ms(timing.queueMs)}`,
        `pool;dur=${ms(timing.poolMs)}`,
        `lock;dur=${ms(timing.lockMs)}`,
        `apply;dur=${ms(timing.applyMs)}`,
        `batch;dur=${ms(timing.batchMs)}`,
        `commit;dur=${ms(timing.commitMs)}`,
        `tries;desc="${timing.attempts}"`,
      ].join(', '),
    );
    return result;
  });

  // The pull finds its workstation by the token in its own statement (unit.pull): one round trip at every sync where
  // there were three (the token, the pull, the sign-in details). A body it cannot take is refused after the token is
  // checked, as every other request's is.
  app.post('/api/pull', async (req, reply) => {
    try {
      const token = bearer(req);
      const b = bodies.pull.safeParse(req.body ?? {});
      if (!b.success) {
        if (!(await unit.authenticate(token))) throw notEnrolled();
        throw b.error;
      }
      const answer = await unit.pull(token, b.data.cursor, b.data.maxVersions, b.data.credentials);
      if (!answer) throw notEnrolled();
      return {
        ok: true,
        value: answer.credentials ? { ...answer.pulled, credentials: answer.credentials } : answer.pulled,
      };
    } catch (e) {
      return fail(reply, e);
    }
  });
  app.post(
    '/api/snapshot',
    authed(bodies.snapshot, async (device, b) =>
      b.following
        ? await unit.snapshotFrom(device, b.table, b.after, b.limit)
        : await unit.snapshot(device, b.table, b.after, b.limit),
    ),
  );
  app.post(
    '/api/seed-begin',
    authed(bodies.seedBegin, (device, b) => unit.seedBegin(device, b)),
  );
  app.post(
    '/api/seed-slice',
    authed(bodies.seedSlice, (device, b) => unit.seedSlice(device, b)),
  );
  app.post(
    '/api/seed-finish',
    authed(bodies.seedFinish, (device, b) => unit.seedFinish(device, b)),
  );
  app.post(
    '/api/sign-in',
    authed(bodies.signIn, (device, b) => unit.signIn(device, b)),
  );
  app.post(
    '/api/set-password',
    authed(bodies.setPassword, (device, b) => unit.setPasswordWithCode(device, b)),
  );
  app.post(
    '/api/change-password',
    authed(bodies.changePassword, (device, b) => unit.changePassword(device, b)),
  );
  app.post(
    '/api/credentials',
    authed(z.object({}).passthrough(), (device) => unit.credentialCache(device)),
  );
  return app;
}
