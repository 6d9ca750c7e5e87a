// Setup file of the end-to-end project (vitest.config.ts): each file waits for the run's renderer build before its
// first hook, when `npm test` runs that build beside the tests (tests/support/renderer-build.ts).
import { beforeAll } from 'vitest';
import { rendererBuilt } from './renderer-build';

beforeAll(() => rendererBuilt());
