-- The audit chain's checkpoint (db/audit-chain.ts): the last entry a walk of the chain verified, its link as it was
-- then and the number of entries up to it, so that opening a database walks only the entries after it (issue 18: the
-- command line walked the whole chain on every call). One row. Only OMU Desk's own connection can write it
-- (omu_audit_checkpoint(), a function only that connection has, db/open.ts). A forged checkpoint cannot hide a
-- change: the whole walk (omu audit verify, a restore, the app's start) never reads it.
CREATE TABLE audit_checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  entries INTEGER NOT NULL,
  verified_at TEXT NOT NULL,
  whole_at TEXT
);
--> statement-breakpoint
CREATE TRIGGER audit_checkpoint_own_insert BEFORE INSERT ON audit_checkpoint
BEGIN
  SELECT omu_audit_checkpoint();
END;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoint_own_update BEFORE UPDATE ON audit_checkpoint
BEGIN
  SELECT omu_audit_checkpoint();
END;
--> statement-breakpoint
CREATE TRIGGER audit_checkpoint_own_delete BEFORE DELETE ON audit_checkpoint
BEGIN
  SELECT omu_audit_checkpoint();
END;
