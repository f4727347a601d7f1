-- PayDesk schema v1. Portable SQL; {{ID}}, {{BLOB}} and {{NOW_MS}} are expanded per engine (SqlDialect).
-- Times are UTC epoch milliseconds (BIGINT); money is BIGINT minor units plus a CHAR(3) currency.

CREATE TABLE users (
    id {{ID}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('cashier', 'finance', 'manager', 'admin', 'auditor')),
    password_hash TEXT NOT NULL,
    pin_hash TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Non-secret settings in plain columns; private keys and API keys only sealed (AES-256-GCM, master key outside).
CREATE TABLE channel_configs (
    channel TEXT PRIMARY KEY CHECK (channel IN ('wechatpay', 'alipay')),
    enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    merchant_id TEXT NOT NULL DEFAULT '',
    app_id TEXT NOT NULL DEFAULT '',
    base_url TEXT NOT NULL DEFAULT '',
    notify_url TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    sealed_secrets TEXT NOT NULL DEFAULT '{}',
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

-- The business order of the seed systems.
CREATE TABLE sales (
    id {{ID}},
    sale_no TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('PENDING', 'PAID', 'SHIPPED', 'COMPLETED', 'CANCELLED', 'REFUNDING', 'REFUNDED')),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency CHAR(3) NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cashier_id BIGINT REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE payments (
    id {{ID}},
    out_trade_no TEXT NOT NULL UNIQUE,
    sale_id BIGINT REFERENCES sales(id),
    channel TEXT NOT NULL CHECK (channel IN ('wechatpay', 'alipay')),
    status TEXT NOT NULL CHECK (status IN ('CREATED', 'PENDING', 'SUCCEEDED', 'FAILED', 'CLOSED', 'PAID_AFTER_CLOSE',
                                           'PARTIALLY_REFUNDED', 'REFUNDED')),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency CHAR(3) NOT NULL,
    -- refunded: refunds that succeeded; reserved: refunds requested and not yet final. Both bounded by what was paid.
    refunded_minor BIGINT NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    reserved_minor BIGINT NOT NULL DEFAULT 0 CHECK (reserved_minor >= 0),
    idempotency_key TEXT UNIQUE,
    request_hash TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    merchant_id TEXT NOT NULL DEFAULT '',
    app_id TEXT NOT NULL DEFAULT '',
    code_url TEXT,
    expires_at BIGINT,
    channel_txn_id TEXT,
    paid_at BIGINT,
    failure_code TEXT,
    failure_detail TEXT,
    cashier_id BIGINT REFERENCES users(id),
    terminal TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (refunded_minor + reserved_minor <= amount_minor),
    UNIQUE (channel, channel_txn_id)
);
CREATE INDEX payments_status_idx ON payments (status, id);
CREATE INDEX payments_created_idx ON payments (created_at, id);
CREATE INDEX payments_cashier_idx ON payments (cashier_id, created_at);

CREATE TABLE refunds (
    id {{ID}},
    out_refund_no TEXT NOT NULL UNIQUE,
    payment_id BIGINT NOT NULL REFERENCES payments(id),
    status TEXT NOT NULL CHECK (status IN ('REQUESTED', 'AWAITING_APPROVAL', 'PROCESSING', 'SUCCEEDED', 'FAILED')),
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    currency CHAR(3) NOT NULL,
    reason_code TEXT NOT NULL CHECK (reason_code <> ''),
    reason_text TEXT NOT NULL DEFAULT '',
    request_key TEXT UNIQUE,
    channel_refund_id TEXT,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    approved_by BIGINT REFERENCES users(id),
    failure_code TEXT,
    failure_detail TEXT,
    version BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- Four eyes, enforced by the database itself: nobody approves their own refund.
    CHECK (approved_by IS NULL OR approved_by <> requested_by)
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id);
CREATE INDEX refunds_status_idx ON refunds (status, id);

CREATE TABLE state_history (
    id {{ID}},
    entity_type TEXT NOT NULL CHECK (entity_type IN ('payment', 'refund', 'sale')),
    entity_id BIGINT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    cause TEXT NOT NULL,
    actor TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE INDEX state_history_entity_idx ON state_history (entity_type, entity_id, id);

-- Every inbound notification, raw, with its verdict: rejected ones too (forensics of forgeries and key rotation).
CREATE TABLE notifications (
    id {{ID}},
    channel TEXT NOT NULL,
    notification_id TEXT,
    verdict TEXT NOT NULL CHECK (verdict IN ('accepted', 'duplicate', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    event_type TEXT NOT NULL DEFAULT '',
    out_trade_no TEXT,
    payment_id BIGINT REFERENCES payments(id),
    headers TEXT NOT NULL DEFAULT '{}',
    body {{BLOB}} NOT NULL,
    received_at BIGINT NOT NULL
);
-- Exactly-once for the accepted ones only: a forged copy of a real id must never block the real one.
CREATE UNIQUE INDEX notifications_accepted_uq ON notifications (channel, notification_id) WHERE verdict = 'accepted';
CREATE INDEX notifications_trade_idx ON notifications (out_trade_no, id);
CREATE INDEX notifications_verdict_idx ON notifications (verdict, id);

-- The event feed. seq is assigned from event_counter inside the writing transaction, so it is gapless and in
-- commit order: a reader that asks for "after N" can never skip an event that commits late.
CREATE TABLE events (
    seq BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    created_at BIGINT NOT NULL
);
CREATE TABLE event_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL
);
INSERT INTO event_counter (id, last_seq) VALUES (1, 0);

-- Append-only, hash-chained audit log: hash = SHA-256(prev_hash || canonical row). audit_head holds the tip so that
-- deleting the newest rows is detected too.
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '');

-- Background jobs: one lease per job name so several paydeskd processes never run the same job at once.
CREATE TABLE job_leases (
    job TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    lease_until BIGINT NOT NULL,
    last_run_at BIGINT,
    last_result TEXT NOT NULL DEFAULT ''
);

-- Outbound work that must survive a crash (channel calls to retry, closes, refund submissions), claimed with leases.
CREATE TABLE outbox (
    id {{ID}},
    kind TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    last_error TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);
