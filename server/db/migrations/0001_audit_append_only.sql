-- The audits are append-only: a trigger refuses UPDATE and DELETE whoever asks (the server's role also lacks
-- the grants). A broken promise is loud: the statement fails and nothing changes.
CREATE FUNCTION omu_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER server_audit_append_only BEFORE UPDATE OR DELETE ON server_audit FOR EACH ROW EXECUTE FUNCTION omu_append_only();
--> statement-breakpoint
CREATE TRIGGER server_audit_no_truncate BEFORE TRUNCATE ON server_audit FOR EACH STATEMENT EXECUTE FUNCTION omu_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION omu_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION omu_append_only();
