// placeholder replaced by the demo generator work
import type { Services } from '../../electron/domain/services';
import type { CallContext } from '../../electron/domain/shared/context';
export interface DemoSummary { prisoners: number; staff: number }
export function loadDemoCaseload(_s: Services, _ctx: CallContext): DemoSummary { throw new Error('not yet'); }
