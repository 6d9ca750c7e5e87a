// What the renderer may import (issue 15, item 5): The doors the renderer calls and what they answer: the contract's operation names, inputs and results, and the shapes of
// the documents, sync status, backups, demo progress, import report and audit entries they carry. Types only.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export type { BackupFile } from '../db/backup';
export type { DemoProgress } from '../electron/domain/caseload/demo-command';
export type {
  ApiClient,
  ApiError,
  ApiResponse,
  AppInfo,
  OpInput,
  OpName,
  OpResult,
} from '../electron/api/contract';
export type { PackDelivery } from '../electron/documents/actions';
export type { AuditEntry } from '../electron/domain/audit/service';
export type { ImportReport } from '../electron/domain/caseload/import-service';
export type { SeedProgress, SyncStatus } from '../electron/sync/engine';
