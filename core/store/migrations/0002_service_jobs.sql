-- Scheduling for the sync jobs (SyncService): when a pending payment or a processing refund is next asked about at
-- the channel, and how many times it has been asked, so polling backs off within bounds instead of hammering.
ALTER TABLE payments ADD COLUMN next_check_at BIGINT;
ALTER TABLE payments ADD COLUMN check_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN next_check_at BIGINT;
ALTER TABLE refunds ADD COLUMN check_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX payments_check_idx ON payments (status, next_check_at);
CREATE INDEX refunds_check_idx ON refunds (status, next_check_at);
