-- A donation's refunds on their way are found by its record id, never by reading the whole outbox
-- (accept_writes() counts them, under the campaign's lock, before it takes another refund).
CREATE INDEX "outbox_refund_donation_idx" ON "outbox" (("payload"->>'donationId')) WHERE "kind" = 'refund';
