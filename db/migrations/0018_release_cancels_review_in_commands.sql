-- A review still open when the prisoner is released is now cancelled in the decision of the command that records the
-- release (electron/domain/categorisation/release.ts, called by prisoner.update and the caseload import), so that the
-- unit server, which re-runs commands on PostgreSQL, cancels the same reviews. The trigger would do it a second time.
DROP TRIGGER IF EXISTS categorisation_cancel_on_release;
