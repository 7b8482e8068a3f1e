-- A plan change within a period never mints credits: the period's allowance grant plus any
-- plan-change top-ups stay within the allowance of the highest plan held in the period
-- (ARCHITECTURE.md, Credits). These two columns carry what the rule needs, reset at each renewal:
--   period_granted        credits granted by the period's allowance and plan-change top-ups so far;
--   period_peak_allowance the highest allowance among the plans held in the period so far (the
--                         service also counts the current plan's configured allowance).
ALTER TABLE accounts
    ADD COLUMN period_granted        bigint NOT NULL DEFAULT 0 CHECK (period_granted >= 0),
    ADD COLUMN period_peak_allowance bigint NOT NULL DEFAULT 0;

-- Accounts already in a period: what they were granted in it under the allowance keys. The peak
-- starts at that amount (never lower than what was granted); the service raises it to the current
-- plan's allowance when it is higher, so the backfill can only be stricter than the rule, never looser.
UPDATE accounts a
SET period_granted = g.total, period_peak_allowance = g.total
FROM (
    SELECT l.account_id, sum(l.amount) AS total
    FROM ledger_entries l JOIN accounts x ON x.account_id = l.account_id
    WHERE l.type = 'grant' AND l.created_at >= x.period_start
      AND (l.grant_key LIKE 'period:%' OR l.grant_key LIKE 'plan:%')
    GROUP BY l.account_id
) g
WHERE a.account_id = g.account_id;

ALTER TABLE accounts ADD CONSTRAINT accounts_period_grants_within_peak CHECK (period_granted <= period_peak_allowance);
