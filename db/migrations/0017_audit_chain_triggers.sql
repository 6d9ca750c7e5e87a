-- The audit log as a hash chain (db/audit-chain.ts): each entry's link in audit_chain names the entry before it
-- and holds the SHA-256 of that entry's link and this entry's columns, worked out by omu_audit_hash(), a function
-- only OMU Desk's own connection has (db/open.ts). So a connection without it, the sqlite3 shell included, cannot
-- add an entry, and a change to the past breaks the chain where it was made. Opening a database checks these
-- triggers against this file and walks the chain. First, the links of the entries already written, in order.
WITH RECURSIVE chain(seq, prev_seq, hash) AS (
  SELECT seq, NULL, omu_audit_hash(NULL, seq, at, actor_id, actor_name, action, entity, entity_id, prisoner_id, summary, before, after)
  FROM audit_log WHERE seq = (SELECT min(seq) FROM audit_log)
  UNION ALL
  SELECT a.seq, c.seq, omu_audit_hash(c.hash, a.seq, a.at, a.actor_id, a.actor_name, a.action, a.entity, a.entity_id, a.prisoner_id, a.summary, a.before, a.after)
  FROM chain c JOIN audit_log a ON a.seq = (SELECT min(seq) FROM audit_log WHERE seq > c.seq)
)
INSERT INTO audit_chain (seq, prev_seq, hash) SELECT seq, prev_seq, hash FROM chain;
--> statement-breakpoint
-- Every new entry gets its link, after the last one before it. While a rebase has the gate open, the entries it
-- adds are noted, so that the links after them are worked out again (db/audit-chain.ts, relinkAuditChain).
CREATE TRIGGER audit_log_link AFTER INSERT ON audit_log
BEGIN
  INSERT INTO audit_chain (seq, prev_seq, hash) VALUES (
    NEW.seq,
    (SELECT max(seq) FROM audit_chain WHERE seq < NEW.seq),
    omu_audit_hash((SELECT hash FROM audit_chain WHERE seq < NEW.seq ORDER BY seq DESC LIMIT 1),
      NEW.seq, NEW.at, NEW.actor_id, NEW.actor_name, NEW.action, NEW.entity, NEW.entity_id, NEW.prisoner_id, NEW.summary, NEW.before, NEW.after)
  );
  SELECT omu_audit_trail('added', NEW.seq, NULL);
END;
--> statement-breakpoint
-- INSERT OR REPLACE deletes the entry it replaces without firing delete triggers: refuse a number already taken.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: an entry cannot be replaced');
END;
--> statement-breakpoint
-- Entries are added at the end; only a rebase puts the unit server's entries among this workstation's own.
CREATE TRIGGER audit_log_in_order AFTER INSERT ON audit_log
WHEN omu_rebasing() = 0 AND EXISTS (SELECT 1 FROM audit_log WHERE seq > NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: an entry cannot be added before the last one');
END;
--> statement-breakpoint
-- An entry a rebase takes back (the only DELETE audit_log_no_delete lets through) takes its link with it.
CREATE TRIGGER audit_log_unlink AFTER DELETE ON audit_log
BEGIN
  SELECT omu_audit_trail('removed', OLD.seq, (SELECT hash FROM audit_chain WHERE seq = OLD.seq));
  DELETE FROM audit_chain WHERE seq = OLD.seq;
END;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_replace BEFORE INSERT ON audit_chain
WHEN EXISTS (SELECT 1 FROM audit_chain WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'audit_chain is append-only: a link cannot be replaced');
END;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
WHEN omu_rebasing() = 0
BEGIN
  SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
WHEN omu_rebasing() = 0
BEGIN
  SELECT RAISE(ABORT, 'audit_chain is append-only');
END;
