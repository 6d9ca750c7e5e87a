// The run's shape (tests/support/run-shape.ts), in vitest's main process: the run's start and end, and each file's
// queueing (a worker has taken it), collection (its modules loaded, its tests found) and end, with its project and
// vitest's own durations. Added by vitest.config.ts only when OMU_RUN_SHAPE is set.
import type { Reporter, TestModule } from 'vitest/node';
import { shapeMark } from './run-shape';

const file = (m: TestModule) => m.moduleId.replace(/^.*?\/tests\//, 'tests/');

export default class RunShapeReporter implements Reporter {
  onTestRunStart() {
    shapeMark('vitest start', { uptime: process.uptime() });
  }
  onTestModuleQueued(m: TestModule) {
    shapeMark('file queued', { file: file(m), project: m.project.name });
  }
  onTestModuleStart(m: TestModule) {
    shapeMark('file collected', { file: file(m) });
  }
  onTestModuleEnd(m: TestModule) {
    const d = m.diagnostic();
    shapeMark('file end', {
      file: file(m),
      project: m.project.name,
      state: m.state(),
      duration: d.duration,
      setup: d.setupDuration,
      collect: d.collectDuration,
      prepare: d.prepareDuration,
      environment: d.environmentSetupDuration,
    });
  }
  onTestRunEnd() {
    shapeMark('vitest end');
  }
}
