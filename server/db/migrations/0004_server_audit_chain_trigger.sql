-- The server's audit as a hash chain per prison (server/audit-chain.ts), like a workstation's audit log (db/audit-chain.ts).
-- Each entry's link: the number of the prison's entry before it (prev_seq) and the SHA-256 of that entry's hash and
-- this entry's columns (hash), written by a trigger whatever an insert says. The head of each prison's chain is kept
-- in server_audit_head, which only the trigger writes (the server's role has no grant on it): its row is locked until
-- the transaction ends, so one prison's entries are linked one at a time, and the entry's number is taken after that
-- lock, so that numbers follow the chain (with gaps: the column default has taken one already).
CREATE TABLE server_audit_head (
  chain text PRIMARY KEY,
  seq bigint NOT NULL,
  hash text NOT NULL
);
--> statement-breakpoint
-- The text a link's hash is taken of: each part as its length in bytes and itself, or '-' for NULL, so no two rows run
-- together. server/audit-chain.ts reads the same parts (serverAuditParts) and works the hash out on its own.
CREATE FUNCTION omu_server_audit_hash(prev_hash text, e server_audit) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(string_agg(CASE WHEN p IS NULL THEN '-' ELSE octet_length(convert_to(p, 'UTF8'))::text || ':' || p END, '' ORDER BY n), 'UTF8')), 'hex')
  FROM unnest(ARRAY[
    'omu-server-audit-1', prev_hash, e.prev_seq::text, e.seq::text, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.prison, e.actor_id, e.actor_name, e.device_id, e.client_clock, e.event, e.command_id, e.outcome, e.detail::text
  ]) WITH ORDINALITY AS t(p, n)
$$;
--> statement-breakpoint
CREATE FUNCTION omu_server_audit_link() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  link_chain text := coalesce(NEW.prison, '');
  head server_audit_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM server_audit_head h WHERE h.chain = link_chain FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO server_audit_head (chain, seq, hash) VALUES (link_chain, 0, '') ON CONFLICT (chain) DO NOTHING;
    SELECT * INTO head FROM server_audit_head h WHERE h.chain = link_chain FOR UPDATE;
  END IF;
  NEW.seq := nextval(pg_get_serial_sequence('server_audit', 'seq'));
  NEW.prev_seq := nullif(head.seq, 0);
  NEW.hash := omu_server_audit_hash(nullif(head.hash, ''), NEW);
  UPDATE server_audit_head h SET seq = NEW.seq, hash = NEW.hash WHERE h.chain = link_chain;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- The entries already written, linked in order, prison by prison (their numbers kept).
ALTER TABLE server_audit DISABLE TRIGGER server_audit_append_only;
--> statement-breakpoint
DO $$
DECLARE
  e server_audit%ROWTYPE;
  head server_audit_head%ROWTYPE;
BEGIN
  FOR e IN SELECT * FROM server_audit ORDER BY seq LOOP
    SELECT * INTO head FROM server_audit_head h WHERE h.chain = coalesce(e.prison, '');
    e.prev_seq := head.seq;
    e.hash := omu_server_audit_hash(head.hash, e);
    UPDATE server_audit SET prev_seq = e.prev_seq, hash = e.hash WHERE seq = e.seq;
    INSERT INTO server_audit_head (chain, seq, hash) VALUES (coalesce(e.prison, ''), e.seq, e.hash)
      ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash;
  END LOOP;
END;
$$;
--> statement-breakpoint
ALTER TABLE server_audit ENABLE TRIGGER server_audit_append_only;
--> statement-breakpoint
CREATE TRIGGER server_audit_link BEFORE INSERT ON server_audit FOR EACH ROW EXECUTE FUNCTION omu_server_audit_link();
