-- audit_head only moves forward: a higher last_id, the same id and keyed_from; it is never inserted again or
-- deleted. audit_log's UPDATE and DELETE are refused since 0001; INSERT OR REPLACE would delete a row without
-- firing those (SQLite fires delete triggers for REPLACE only with recursive_triggers), so an insert over an
-- existing id is refused too.
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head
WHEN NEW.id <> OLD.id OR NEW.last_id <= OLD.last_id OR NEW.keyed_from <> OLD.keyed_from
BEGIN
    SELECT RAISE(ABORT, 'audit_head only moves forward');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head cannot be inserted again');
END;
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
