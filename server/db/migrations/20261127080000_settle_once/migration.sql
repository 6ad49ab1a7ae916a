-- A grant is settled once, a correction approved once: the ledger refuses a second. The API checks
-- that before accepting one, and these indexes make the check hold between two requests at the
-- same moment: at most one acknowledgement or refusal of a grant, and one approval of a
-- correction, is in the outbox and not failed (a failed one may be sent again).
CREATE UNIQUE INDEX "outbox_settles_grant_once" ON "outbox" ((payload->>'grantId'))
  WHERE kind IN ('grant_acknowledgement', 'grant_refusal') AND status <> 'failed';
CREATE UNIQUE INDEX "outbox_approves_correction_once" ON "outbox" ((payload->>'correctionId'))
  WHERE kind = 'correction_approval' AND status <> 'failed';
