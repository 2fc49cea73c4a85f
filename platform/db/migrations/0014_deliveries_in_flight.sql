-- What the every-minute sweep reads: destinations with deliveries pending or in flight, a small
-- set however many deliveries are kept as history.
CREATE INDEX deliveries_in_flight ON deliveries (channel, destination) WHERE status IN ('pending', 'sending');
