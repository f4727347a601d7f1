-- The payments browser pages newest first by id (keyset: WHERE id < :last ORDER BY id DESC LIMIT n). An equality
-- filter followed by id lets the engine walk the index in page order and stop after n rows instead of sorting.
CREATE INDEX payments_channel_id_idx ON payments (channel, id);
CREATE INDEX payments_cashier_id_idx ON payments (cashier_id, id);
-- Search by the channel's transaction id alone (the UNIQUE (channel, channel_txn_id) needs the channel first).
CREATE INDEX payments_txn_idx ON payments (channel_txn_id);
-- The detail pane's notifications, matched by payment as well as by order number.
CREATE INDEX notifications_payment_idx ON notifications (payment_id, id);
