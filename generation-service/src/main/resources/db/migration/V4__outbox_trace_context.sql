-- The W3C traceparent of the request that recorded the event (null when it was not traced), so the
-- relay, which publishes later on its own thread, sends it as the record's `traceparent` header and
-- credit-service's settlement joins the generation's trace. A traceparent is 55 characters.
ALTER TABLE outbox ADD COLUMN traceparent varchar(55);
