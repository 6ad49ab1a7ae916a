-- Every kind of write is accepted by one function, alone or in a batch, in one round trip: the
-- write kinds (server/domain/writes) say what each write checks, and accept_writes() checks it.
-- Each entry holds the outbox row's columns (client_id, idempotency_key, request_hash, kind,
-- organisation_id, campaign_id, solo, payload, donor_commitment, delta), optionally
-- donor_reference and recipient_reference {org_id, commitment, reference}, and `checks`:
--   spends        what it takes out of campaign_id (checked, with the writes before it, under the campaign's lock)
--   require_open  campaign_id must be open
--   own_campaign  campaign_id must be the writing organisation's (default true)
--   active_org    the writing organisation must not be suspended (default true)
--   refund_of     a donation's record id: `spends` must fit in what is still refundable of it (its amount
--                 less its refunds, mirrored or on their way), checked under the campaign's lock
DROP FUNCTION accept_write(jsonb, numeric, boolean);
DROP FUNCTION accept_write_batch(jsonb, boolean);

-- Why the mirror shows that one entry must fail, or null.
CREATE FUNCTION write_refusal(entry jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  c record;
  refundable numeric;
BEGIN
  IF coalesce((entry->'checks'->>'active_org')::boolean, true)
     AND EXISTS (SELECT 1 FROM organisation WHERE id = (entry->>'organisation_id')::bigint AND suspended_block IS NOT NULL) THEN
    RETURN jsonb_build_object('refused', 'suspended');
  END IF;
  IF entry->>'campaign_id' IS NOT NULL THEN
    SELECT org_id, closed_block INTO c FROM campaign WHERE id = (entry->>'campaign_id')::bigint;
    IF NOT FOUND THEN RETURN jsonb_build_object('refused', 'no_campaign'); END IF;
    IF coalesce((entry->'checks'->>'own_campaign')::boolean, true) AND c.org_id <> (entry->>'organisation_id')::bigint THEN
      RETURN jsonb_build_object('refused', 'other_organisation');
    END IF;
    IF coalesce((entry->'checks'->>'require_open')::boolean, false) AND c.closed_block IS NOT NULL THEN
      RETURN jsonb_build_object('refused', 'closed');
    END IF;
  END IF;
  IF entry->'checks'->>'refund_of' IS NOT NULL THEN
    SELECT d.amount
         - (SELECT coalesce(sum(r.amount), 0) FROM refund r WHERE r.donation_id = d.record_id)
         - (SELECT coalesce(sum((o.payload->>'amount')::numeric), 0) FROM outbox o
             WHERE o.kind = 'refund' AND o.payload->>'donationId' = d.record_id::text
               AND o.status IN ('pending', 'submitted', 'confirmed')
               AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.tx_hash = ANY (o.tx_hashes)))
      INTO refundable FROM donation d WHERE d.record_id = (entry->'checks'->>'refund_of')::numeric;
    IF refundable IS NULL OR (entry->'checks'->>'spends')::numeric > refundable THEN
      RETURN jsonb_build_object('refused', 'not_refundable', 'refundable', greatest(coalesce(refundable, 0), 0)::text);
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- Accepts writes, all or none. Answers one of:
--   {"replay": [{id, kind, status, request_hash, idempotency_key}, …]}   some key was used before (the caller compares hashes)
--   {"refused": "suspended" | "no_campaign" | "other_organisation" | "closed" | "insufficient", "index": i, "available": …}
--   {"ids": [id, …]}                                                      stored, in the entries' order
-- Each statement of a PL/pgSQL function sees what committed before it, so the money is read after
-- the locks are held: two spending writes of one campaign never both count the same money. The
-- campaigns are locked in id order, so two batches never wait on each other in a circle.
CREATE FUNCTION accept_writes(entries jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  known jsonb;
  refusal jsonb;
  stored jsonb;
  item record;
  spend record;
  short record;
  available numeric;
  worst jsonb;
  one jsonb;
  existing record;
  new_id bigint;
BEGIN
  -- One write (the common case) by direct index lookups: no set operations over the array.
  IF jsonb_array_length(entries) = 1 THEN
    one := entries->0;
    IF one->'checks'->>'spends' IS NOT NULL THEN
      PERFORM pg_advisory_xact_lock(726100, (((one->>'campaign_id')::bigint) % 2147483647)::int);
    END IF;
    SELECT id, kind, status, request_hash, idempotency_key INTO existing FROM outbox
     WHERE client_id = one->>'client_id' AND idempotency_key = one->>'idempotency_key';
    IF FOUND THEN
      RETURN jsonb_build_object('replay', jsonb_build_array(jsonb_build_object('id', existing.id::text, 'kind', existing.kind, 'status', existing.status, 'request_hash', existing.request_hash, 'idempotency_key', existing.idempotency_key)));
    END IF;
    refusal := write_refusal(one);
    IF refusal IS NOT NULL THEN RETURN refusal || jsonb_build_object('index', 0); END IF;
    IF one->'checks'->>'spends' IS NOT NULL THEN
      available := campaign_available((one->>'campaign_id')::bigint);
      IF (one->'checks'->>'spends')::numeric > available THEN
        RETURN jsonb_build_object('refused', 'insufficient', 'index', 0, 'available', available::text);
      END IF;
    END IF;
    INSERT INTO outbox (client_id, idempotency_key, request_hash, kind, organisation_id, campaign_id, solo, payload, donor_commitment, delta)
    VALUES (one->>'client_id', one->>'idempotency_key', one->>'request_hash', one->>'kind', (one->>'organisation_id')::bigint, (one->>'campaign_id')::bigint,
            coalesce((one->>'solo')::boolean, false), one->'payload', one->>'donor_commitment', coalesce((one->>'delta')::numeric, 0))
    ON CONFLICT (client_id, idempotency_key) DO NOTHING
    RETURNING id INTO new_id;
    IF new_id IS NULL THEN
      RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'the idempotency key was taken meanwhile';
    END IF;
    IF one->>'donor_reference' IS NOT NULL THEN
      INSERT INTO donor_link (outbox_id, donor_reference) VALUES (new_id, one->>'donor_reference');
    END IF;
    IF one->'recipient_reference' IS NOT NULL THEN
      INSERT INTO recipient_reference (org_id, commitment, reference)
      VALUES ((one->'recipient_reference'->>'org_id')::bigint, one->'recipient_reference'->>'commitment', one->'recipient_reference'->>'reference')
      ON CONFLICT DO NOTHING;
    END IF;
    RETURN jsonb_build_object('ids', jsonb_build_array(new_id::text));
  END IF;

  FOR spend IN
    SELECT DISTINCT (v->>'campaign_id')::bigint AS campaign FROM jsonb_array_elements(entries) v
     WHERE v->'checks'->>'spends' IS NOT NULL ORDER BY 1
  LOOP
    PERFORM pg_advisory_xact_lock(726100, (spend.campaign % 2147483647)::int);
  END LOOP;

  SELECT jsonb_agg(jsonb_build_object('id', o.id::text, 'kind', o.kind, 'status', o.status, 'request_hash', o.request_hash, 'idempotency_key', o.idempotency_key) ORDER BY o.id)
    INTO known
    -- The writes of one request are one client's: an index lookup by (client, key), never a join.
    FROM outbox o
   WHERE o.client_id = entries->0->>'client_id'
     AND o.idempotency_key = ANY (ARRAY(SELECT e->>'idempotency_key' FROM jsonb_array_elements(entries) e));
  IF known IS NOT NULL THEN RETURN jsonb_build_object('replay', known); END IF;

  FOR item IN SELECT v, i - 1 AS index FROM jsonb_array_elements(entries) WITH ORDINALITY AS t(v, i) ORDER BY i LOOP
    refusal := write_refusal(item.v);
    IF refusal IS NOT NULL THEN RETURN refusal || jsonb_build_object('index', item.index); END IF;
  END LOOP;

  -- Each campaign's spending writes, in order, against what it can pay; the first that it cannot is named.
  FOR spend IN
    SELECT DISTINCT (v->>'campaign_id')::bigint AS campaign FROM jsonb_array_elements(entries) v WHERE v->'checks'->>'spends' IS NOT NULL
  LOOP
    available := campaign_available(spend.campaign);
    SELECT s.index, s.before INTO short FROM (
      SELECT i - 1 AS index,
             sum((v->'checks'->>'spends')::numeric) OVER (ORDER BY i) AS running,
             sum((v->'checks'->>'spends')::numeric) OVER (ORDER BY i) - (v->'checks'->>'spends')::numeric AS before
        FROM jsonb_array_elements(entries) WITH ORDINALITY AS t(v, i)
       WHERE v->'checks'->>'spends' IS NOT NULL AND (v->>'campaign_id')::bigint = spend.campaign
    ) s WHERE s.running > available ORDER BY s.index LIMIT 1;
    IF FOUND AND (worst IS NULL OR short.index < (worst->>'index')::int) THEN
      worst := jsonb_build_object('refused', 'insufficient', 'index', short.index, 'available', (available - short.before)::text);
    END IF;
  END LOOP;
  IF worst IS NOT NULL THEN RETURN worst; END IF;

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
  ), references_kept AS (
    INSERT INTO recipient_reference (org_id, commitment, reference)
    SELECT DISTINCT (e->'recipient_reference'->>'org_id')::bigint, e->'recipient_reference'->>'commitment', e->'recipient_reference'->>'reference'
      FROM jsonb_array_elements(entries) e WHERE e->'recipient_reference' IS NOT NULL
    ON CONFLICT DO NOTHING
  )
  SELECT jsonb_agg(ins.id::text ORDER BY e.i) INTO stored
    FROM inserted ins JOIN jsonb_array_elements(entries) WITH ORDINALITY AS e(v, i) ON e.v->>'idempotency_key' = ins.idempotency_key;
  IF jsonb_array_length(coalesce(stored, '[]'::jsonb)) <> jsonb_array_length(entries) THEN
    -- Another request with these keys committed in between: undo, and the caller answers with its writes.
    RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'idempotency keys of the writes were taken meanwhile';
  END IF;
  RETURN jsonb_build_object('ids', stored);
END $$;
