-- The refund policy every program enforces, kept in the shared database (not in one console's settings) so that no
-- till, daemon or command line can be used to get around it: refunds whose payment's running total of refunds is
-- above the threshold, or past a user's own daily cap (China-time day; 0 = none), wait for a second person.
CREATE TABLE refund_policy (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    approval_threshold_minor BIGINT NOT NULL CHECK (approval_threshold_minor >= 0),
    daily_cap_per_user_minor BIGINT NOT NULL DEFAULT 0 CHECK (daily_cap_per_user_minor >= 0),
    updated_by TEXT,
    updated_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO refund_policy (id, approval_threshold_minor, daily_cap_per_user_minor) VALUES (1, 50000, 0);
CREATE INDEX refunds_requested_by_idx ON refunds (requested_by, created_at);
