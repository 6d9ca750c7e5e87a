-- The audit log stays append-only, with one exception: a workstation joined to a unit server takes back the
-- entries of its own changes the server has not accepted yet, and puts the server's in their place. Only the
-- app's connection can say it is doing that (omu_rebasing(), a function the app registers on its connection);
-- any other connection, the sqlite3 shell included, has no such function and is refused.
DROP TRIGGER audit_log_no_delete;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN omu_rebasing() = 0
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
