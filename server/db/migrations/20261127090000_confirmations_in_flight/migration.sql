-- Accepting a confirmation looks for another one of the same disbursement still on its way (or
-- landed but not yet mirrored); this finds it without reading the whole outbox.
CREATE INDEX "outbox_confirmation_disbursement_idx" ON "outbox" ((payload->>'disbursementId')) WHERE kind = 'confirmation';
