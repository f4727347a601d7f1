-- The audit chain is keyed from here on: hash = HMAC-SHA256(audit key, prev_hash || canonical row), the key derived
-- from the master key outside the database. Rows already written keep their plain SHA-256 chain; keyed_from is the
-- first id chained with the key (1 on a new database), so both kinds verify (see AuditLog.h).
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT NOT NULL DEFAULT 1;
UPDATE audit_head SET keyed_from = last_id + 1 WHERE id = 1;
