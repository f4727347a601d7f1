-- SyncService keeps querying a CLOSED Alipay payment until its expiry has passed (an Alipay QR closed before anyone
-- scanned it stays payable until its time_expire), so that a late payment becomes PAID_AFTER_CLOSE within seconds.
-- It picks them by status and expiry: this index keeps that to the few recent ones, not every CLOSED payment ever.
CREATE INDEX payments_expiry_idx ON payments (status, expires_at);
