-- The audit trail is append-only: rows may be deleted (retention, account erasure) but never rewritten.
CREATE FUNCTION key_audit_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'key_audit is append-only';
END
$$;

CREATE TRIGGER key_audit_append_only BEFORE UPDATE ON key_audit
    FOR EACH ROW EXECUTE FUNCTION key_audit_refuse_update();
