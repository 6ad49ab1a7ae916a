-- Accepting a write is one round trip: accept_write() deduplicates by idempotency key, checks the
-- campaign, checks the money a spending write takes under the campaign's lock, and stores the
-- write with its side rows (server/db/outbox.ts calls it; the write kinds say what goes in).

-- What the write does to its campaign's balance once mirrored (signed, minor units): money in
-- flight is the sum of these over the writes not yet in the mirror, whatever their kind.
ALTER TABLE "outbox" ADD COLUMN "delta" DECIMAL(78,0) NOT NULL DEFAULT 0;
UPDATE "outbox" SET "delta" = CASE "kind"
  WHEN 'donation' THEN ("payload"->>'amount')::numeric
  WHEN 'disbursement' THEN -("payload"->>'amount')::numeric
  ELSE 0 END;
-- A campaign's writes in flight, found without reading every write ever accepted.
CREATE INDEX "outbox_campaign_id_status_idx" ON "outbox"("campaign_id", "status");

-- What a campaign can still pay out: its balance in the mirror (every money event carries the
-- balance after it; the newest is the balance) plus the writes accepted and not yet in the mirror.
-- A write counts once: one whose transaction the mirror holds is in the balance, whatever its
-- outbox status says, because both are read in one snapshot.
CREATE FUNCTION campaign_available(campaign bigint) RETURNS numeric
LANGUAGE sql STABLE AS $$
  WITH latest AS (
    (SELECT record_id, balance_after FROM donation WHERE campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
    UNION ALL (SELECT record_id, balance_after FROM disbursement WHERE campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
    UNION ALL (SELECT record_id, balance_after FROM refund WHERE campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
    UNION ALL (SELECT record_id, balance_after FROM correction WHERE campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
    UNION ALL (SELECT record_id, balance_after FROM correction_approval WHERE campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
    UNION ALL (SELECT record_id, from_balance_after FROM "grant" WHERE from_campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
    UNION ALL (SELECT record_id, balance_after FROM grant_settlement WHERE campaign_id = campaign ORDER BY record_id DESC LIMIT 1)
  )
  SELECT coalesce((SELECT balance_after FROM latest ORDER BY record_id DESC LIMIT 1), 0)
       + coalesce((
           SELECT sum(o.delta) FROM outbox o
            WHERE o.campaign_id = campaign
              AND (o.status IN ('pending', 'submitted')
                   -- Confirmed in a block the mirror has not reached (or lost to a reorganisation since).
                   OR (o.status = 'confirmed' AND o.block_number > (SELECT block_number FROM indexer_cursor WHERE id = 1)))
              AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.tx_hash = ANY (o.tx_hashes))), 0)
$$;

-- Accepts one write. `entry` holds the outbox row's columns (client_id, idempotency_key,
-- request_hash, kind, organisation_id, campaign_id, solo, payload, donor_commitment, delta) and
-- optionally donor_reference, and recipient_reference {org_id, commitment, reference}; `spends` is
-- what the write takes out of its campaign (null: nothing, and no lock). Answers one of:
--   {"replay": {id, kind, status, request_hash}}   the key was used before (the caller compares hashes)
--   {"refused": "no_campaign" | "other_organisation" | "closed" | "insufficient", "available": …}
--   {"id": …}                                        stored
-- Each statement of a PL/pgSQL function sees what committed before it, so the money is read after
-- the lock is held: two spending writes of one campaign never both count the same money.
CREATE FUNCTION accept_write(entry jsonb, spends numeric, require_open boolean) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  campaign_row record;
  existing record;
  available numeric;
  new_id bigint;
BEGIN
  IF spends IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(726100, ((entry->>'campaign_id')::bigint % 2147483647)::int);
  END IF;
  SELECT id, kind, status, request_hash INTO existing FROM outbox
   WHERE client_id = entry->>'client_id' AND idempotency_key = entry->>'idempotency_key';
  IF FOUND THEN
    RETURN jsonb_build_object('replay', jsonb_build_object('id', existing.id::text, 'kind', existing.kind, 'status', existing.status, 'request_hash', existing.request_hash));
  END IF;
  IF entry->>'campaign_id' IS NOT NULL THEN
    SELECT org_id, closed_block INTO campaign_row FROM campaign WHERE id = (entry->>'campaign_id')::bigint;
    IF NOT FOUND THEN RETURN jsonb_build_object('refused', 'no_campaign'); END IF;
    IF campaign_row.org_id <> (entry->>'organisation_id')::bigint THEN RETURN jsonb_build_object('refused', 'other_organisation'); END IF;
    IF require_open AND campaign_row.closed_block IS NOT NULL THEN RETURN jsonb_build_object('refused', 'closed'); END IF;
  END IF;
  IF spends IS NOT NULL THEN
    available := campaign_available((entry->>'campaign_id')::bigint);
    IF spends > available THEN RETURN jsonb_build_object('refused', 'insufficient', 'available', available::text); END IF;
  END IF;
  INSERT INTO outbox (client_id, idempotency_key, request_hash, kind, organisation_id, campaign_id, solo, payload, donor_commitment, delta)
  VALUES (entry->>'client_id', entry->>'idempotency_key', entry->>'request_hash', entry->>'kind', (entry->>'organisation_id')::bigint,
          (entry->>'campaign_id')::bigint, coalesce((entry->>'solo')::boolean, false), entry->'payload', entry->>'donor_commitment',
          coalesce((entry->>'delta')::numeric, 0))
  ON CONFLICT (client_id, idempotency_key) DO NOTHING
  RETURNING id INTO new_id;
  IF new_id IS NULL THEN
    -- Another request with this key committed since the look above: answer with its write.
    SELECT id, kind, status, request_hash INTO existing FROM outbox
     WHERE client_id = entry->>'client_id' AND idempotency_key = entry->>'idempotency_key';
    RETURN jsonb_build_object('replay', jsonb_build_object('id', existing.id::text, 'kind', existing.kind, 'status', existing.status, 'request_hash', existing.request_hash));
  END IF;
  IF entry->>'donor_reference' IS NOT NULL THEN
    INSERT INTO donor_link (outbox_id, donor_reference) VALUES (new_id, entry->>'donor_reference');
  END IF;
  IF entry->'recipient_reference' IS NOT NULL THEN
    INSERT INTO recipient_reference (org_id, commitment, reference)
    VALUES ((entry->'recipient_reference'->>'org_id')::bigint, entry->'recipient_reference'->>'commitment', entry->'recipient_reference'->>'reference')
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN jsonb_build_object('id', new_id::text);
END $$;

-- Accepts a batch of writes that spend nothing (donations), all or none, in one round trip.
-- `entries` is an array of what accept_write() takes, each under its own idempotency key. Answers:
--   {"replay": [{id, kind, status, request_hash, idempotency_key}, …]}   some key was used before
--   {"refused": …, "index": i}                                           the first entry refused
--   {"ids": [id, …]}                                                     stored, in the entries' order
CREATE FUNCTION accept_write_batch(entries jsonb, require_open boolean) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  known jsonb;
  bad record;
  stored jsonb;
BEGIN
  SELECT jsonb_agg(jsonb_build_object('id', o.id::text, 'kind', o.kind, 'status', o.status, 'request_hash', o.request_hash, 'idempotency_key', o.idempotency_key) ORDER BY o.id)
    INTO known
    FROM outbox o JOIN jsonb_array_elements(entries) e ON o.client_id = e->>'client_id' AND o.idempotency_key = e->>'idempotency_key';
  IF known IS NOT NULL THEN RETURN jsonb_build_object('replay', known); END IF;

  SELECT e.i - 1 AS index, CASE WHEN c.id IS NULL THEN 'no_campaign' WHEN c.org_id <> (e.v->>'organisation_id')::bigint THEN 'other_organisation' ELSE 'closed' END AS refused
    INTO bad
    FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(v, i)
    LEFT JOIN campaign c ON c.id = (e.v->>'campaign_id')::bigint
   WHERE c.id IS NULL OR c.org_id <> (e.v->>'organisation_id')::bigint OR (require_open AND c.closed_block IS NOT NULL)
   ORDER BY e.i LIMIT 1;
  IF FOUND THEN RETURN jsonb_build_object('refused', bad.refused, 'index', bad.index); END IF;

  -- Ids follow the entries' order: nextval is taken row by row in the order of the SELECT.
  WITH inserted AS (
    INSERT INTO outbox (client_id, idempotency_key, request_hash, kind, organisation_id, campaign_id, solo, payload, donor_commitment, delta)
    SELECT v->>'client_id', v->>'idempotency_key', v->>'request_hash', v->>'kind', (v->>'organisation_id')::bigint, (v->>'campaign_id')::bigint,
           coalesce((v->>'solo')::boolean, false), v->'payload', v->>'donor_commitment', coalesce((v->>'delta')::numeric, 0)
      FROM jsonb_array_elements(entries) WITH ORDINALITY AS e(v, i) ORDER BY i
    ON CONFLICT (client_id, idempotency_key) DO NOTHING
    RETURNING id, idempotency_key
  ), links AS (
    INSERT INTO donor_link (outbox_id, donor_reference)
    SELECT ins.id, e->>'donor_reference' FROM inserted ins JOIN jsonb_array_elements(entries) e ON e->>'idempotency_key' = ins.idempotency_key
     WHERE e->>'donor_reference' IS NOT NULL
  )
  SELECT jsonb_agg(ins.id::text ORDER BY e.i) INTO stored
    FROM inserted ins JOIN jsonb_array_elements(entries) WITH ORDINALITY AS e(v, i) ON e.v->>'idempotency_key' = ins.idempotency_key;
  IF jsonb_array_length(coalesce(stored, '[]'::jsonb)) <> jsonb_array_length(entries) THEN
    -- Another request with these keys committed in between: undo, and the caller answers with its writes.
    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'idempotency keys of the batch were taken meanwhile';
  END IF;
  RETURN jsonb_build_object('ids', stored);
END $$;
