// The run's shape (tests/support/run-shape.ts), in each worker: a file's first hook and its end, with the worker's pid
// and the moment the worker's process started, so that scripts/run-shape.mjs can lay each worker's files end to end.
// Added by vitest.config.ts only when OMU_RUN_SHAPE is set.
import { afterAll, beforeAll, expect } from 'vitest';
import { shapeMark } from './run-shape';

const file = () => (expect.getState().testPath ?? '?').replace(/^.*?\/tests\//, 'tests/');

beforeAll(() =>
  shapeMark('file first hook', { file: file(), workerStart: Date.now() - process.uptime() * 1000 }),
);
afterAll(() => shapeMark('file last hook', { file: file() }));
