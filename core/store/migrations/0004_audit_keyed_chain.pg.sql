-- audit_head only moves forward: a higher last_id, the same id and keyed_from; it is never inserted again or
-- deleted. Together with audit_log's append-only trigger (0001) nobody short of the tables' owner can cut the chain,
-- and the owner's cut is caught by the key and by anchors.
CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'audit_head: % refused (the head only moves forward)', TG_OP;
    END IF;
    IF NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id OR NEW.keyed_from <> OLD.keyed_from THEN
        RAISE EXCEPTION 'audit_head only moves forward (last_id % to %)', OLD.last_id, NEW.last_id;
    END IF;
    RETURN NEW;
END;
$$;
-- (Each CREATE TRIGGER on one line: Migrations::splitStatements reads a multi-line one as an SQLite BEGIN ... END.)
CREATE TRIGGER audit_head_forward_only BEFORE INSERT OR UPDATE OR DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
-- Row triggers do not fire on TRUNCATE.
CREATE FUNCTION audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% cannot be truncated (the audit log is append-only)', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
