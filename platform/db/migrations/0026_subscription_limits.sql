-- A plan's limits as they were when the project took the plan (seats, storage), so the product
-- reads them with one query and a plan table edited later does not change a running subscription.
-- Null: no limit of that kind.
ALTER TABLE subscriptions ADD COLUMN seat_limit integer CHECK (seat_limit > 0);
ALTER TABLE subscriptions ADD COLUMN storage_limit_bytes bigint CHECK (storage_limit_bytes > 0);
