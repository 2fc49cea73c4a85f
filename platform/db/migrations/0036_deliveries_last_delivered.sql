-- What a paced destination (Slack takes one message a second) is asked before each send: when it
-- last took one. One index entry read, however many deliveries are kept as history.
CREATE INDEX deliveries_last_delivered ON deliveries (channel, destination, delivered_at DESC) WHERE status = 'delivered';
