-- Won deals and what each partner's outcome KPIs add up. Read by the partner snapshot
-- (35_mart_partner_health.sql) and by the outcome marts (39_mart_outcomes.sql).

-- Stored as a table at load (queries/loader.py; no parameter).
create or replace view int_won_deals as
select
    partner_id,
    closed_on,
    cast(date_trunc('quarter', closed_on) as date) as closed_quarter,
    amount,
    product_line,
    origin,
from stg_deal_registrations
where status = 'won' and closed_on is not null;

-- Partner-sourced share = Σ won amount with origin partner ÷ Σ won amount whose origin is known,
-- over deals closed in (window_start, as_of]; no known origin is no data.
create or replace macro partner_sourced_share_of(partner_sourced_amount, known_origin_amount) as (
    ratio(coalesce(partner_sourced_amount, 0), known_origin_amount)
);

-- What each partner's outcome KPIs add up (partners without won deals or a target: absent):
-- won amount closed in (window_start, as_of] by origin, and for plan attainment the target for
-- the last complete quarter with what was won in it. Stored with every partner snapshot
-- (partner_signals), so the headline's outcome KPIs only filter and sum them.
create or replace macro partner_outcome_amounts(as_of, window_months) as table
with
won as (
    select
        partner_id,
        sum(amount) filter (where origin = 'partner' and in_window) as partner_sourced_amount,
        sum(amount) filter (where origin is not null and in_window) as known_origin_amount,
        sum(amount) filter (where origin is null and in_window) as unknown_origin_amount,
        sum(amount) filter (where in_plan_quarter) as plan_won_amount,
    from (
        select
            *,
            closed_on > window_start(as_of, window_months) as in_window,
            closed_quarter = last_complete_quarter(as_of) as in_plan_quarter,
        from int_won_deals
        where closed_on <= cast(as_of as date)
    )
    where in_window or in_plan_quarter
    group by partner_id
),

targets as (
    select partner_id, sum(target_amount) as plan_target_amount,
    from stg_partner_targets
    where quarter_start = last_complete_quarter(as_of)
    group by partner_id
)

select
    partner_id,
    won.partner_sourced_amount,
    won.known_origin_amount,
    won.unknown_origin_amount,
    targets.partner_id is not null as has_plan_target,
    targets.plan_target_amount,
    coalesce(won.plan_won_amount, 0) as plan_won_amount,
from won
full join targets using (partner_id);
