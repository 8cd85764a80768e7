-- Partner health on as_of: five components, each scored 0 to 1, weighted into a 0-100 score.
-- The weights live here and only here (health_weights); a component that does not apply to a
-- partner (no MDF allocation, no QBR due in its tier) drops out and the others are re-weighted.
create or replace view health_weights as
select *
from (
    values
        ('registration_recency', 0.35,
         'Days since the last deal registration: 1 on the day, 0 at 180 days or more'),
        ('revenue_trend', 0.25,
         'Window revenue against the prior window: 0 at half or less, 0.5 flat, 1 at +50% or more'),
        ('certification_currency', 0.15,
         'Current certifications against the tier''s minimum (at least one), capped at 1'),
        ('mdf_use', 0.10,
         'MDF claimed ÷ allocated over the window''s quarters, capped at 1 (only with an allocation)'),
        ('qbr_held', 0.15,
         'A QBR held for the last complete quarter (only where the tier has a QBR cadence)')
) as weights(component, weight, description);

-- The early warning's three parts, each with its threshold. partner_health applies the defaults
-- (silent 90 days, three times the usual gap, revenue down to half); the backtest
-- (44_mart_early_warning_backtest.sql) tries others on the program's history.
create or replace macro warning_silent(is_active, days_silent, silent_days) as (
    is_active and days_silent >= silent_days
);

-- The rhythm broke: silent at least 30 days and `gap_multiple` times the usual gap, with two gaps
-- or more seen.
create or replace macro warning_rhythm(
    is_active, days_silent, usual_gap_days, gaps_seen, gap_multiple
) as (
    is_active and gaps_seen >= 2 and days_silent >= 30
        and days_silent >= gap_multiple * usual_gap_days
);

create or replace macro warning_revenue(is_active, revenue, prior_revenue, revenue_share) as (
    is_active and prior_revenue > 0 and revenue <= revenue_share * prior_revenue
);

-- The thresholds the early warning applies; the backtest's grid marks them as the default. At
-- 90 days the silent part is the "Silent 90+ days" count (is_silent_90d).
create or replace view early_warning_defaults as
select 90 as silent_days, 3 as gap_multiple, 0.5 as revenue_share;

-- The reasons in words, for the parts that fired (a broken rhythm is not repeated when the
-- partner is already named as silent).
create or replace macro warning_reason(
    silent, rhythm, revenue_fell, days_silent, usual_gap_days, revenue, prior_revenue
) as (
    concat_ws(
        '; ',
        case when silent then 'no registration for ' || days_silent || ' days' end,
        case
            when rhythm and not coalesce(silent, false)
                then 'silent ' || days_silent || ' days; usually registers every '
                    || round(usual_gap_days)::int || ' days'
        end,
        case
            when revenue_fell
                then 'revenue down ' || round(100 * (1 - revenue / prior_revenue))::int
                    || '% on the prior window'
        end
    )
);

-- The per-partner signals the score and the early warning read.
create or replace macro partner_signals(as_of, window_months, grace_days) as table
with
statuses as (
    select * from partner_status(as_of, window_months, grace_days)
),

revenue as (
    select partner_id, revenue, prior_revenue, won_deals, lost_deals,
    from partner_revenue(as_of, window_months)
),

lifetime as (
    select partner_id, sum(amount) as lifetime_revenue,
    from stg_deal_registrations
    where status = 'won' and closed_on <= cast(as_of as date)
    group by partner_id
),

program as (
    select * from stg_program_tiers
),

outcome_amounts as (
    select * from partner_outcome_amounts(as_of, window_months)
),

certifications as (
    select
        partner_id,
        count(*) filter (
            where completed_on <= cast(as_of as date)
                and (expires_on is null or expires_on > cast(as_of as date))
        ) as current_certifications,
        count(*) filter (
            where expires_within_90_days(completed_on, expires_on, as_of)
        ) as certifications_expiring_90d,
    from stg_certifications
    group by partner_id
),

mdf as (
    select
        partner_id,
        sum(allocated_amount) as mdf_allocated,
        sum(claimed_amount) as mdf_claimed,
    from mart_mdf_partner_quarter
    where quarter_start > window_start(as_of, window_months)
        and quarter_start <= cast(as_of as date)
    group by partner_id
),

current_quarter_mdf as (
    select
        partner_id,
        sum(allocated_amount) as quarter_allocated,
        sum(requested_amount) as quarter_requested,
    from mart_mdf_partner_quarter
    where quarter_start = cast(date_trunc('quarter', cast(as_of as date)) as date)
    group by partner_id
),

-- A QBR counts for the quarter it was held in (a review planned for Q2 and held in Q3 is Q3's).
last_qbr as (
    select
        partner_id,
        max(cast(date_trunc('quarter', held_on) as date)) as last_qbr_quarter,
        max(held_on) as last_qbr_on,
    from stg_qbrs
    where held_on <= cast(as_of as date)
    group by partner_id
),

-- The usual rhythm: the median gap between registration days over the year before the last one.
gaps as (
    select * from int_registration_gaps where registered_on <= cast(as_of as date)
),

rhythm as (
    select
        gaps.partner_id,
        median(gaps.gap_days) as usual_gap_days,
        count(gaps.gap_days) as gaps_seen,
    from gaps
    join statuses using (partner_id)
    where gaps.gap_days is not null
        and gaps.registered_on > statuses.last_registered_on - 365
    group by gaps.partner_id
),

final as (
    select
        statuses.*,
        coalesce(revenue.revenue, 0) as revenue,
        coalesce(revenue.prior_revenue, 0) as prior_revenue,
        coalesce(revenue.won_deals, 0) as won_deals,
        coalesce(revenue.lost_deals, 0) as lost_deals,
        coalesce(lifetime.lifetime_revenue, 0) as lifetime_revenue,
        coalesce(certifications.current_certifications, 0) as current_certifications,
        coalesce(certifications.certifications_expiring_90d, 0) as certifications_expiring_90d,
        coalesce(program.min_certifications, 0) as required_certifications,
        coalesce(program.qbr_every_quarters, 0) as qbr_every_quarters,
        coalesce(program.revenue_threshold, 0) as revenue_threshold,
        coalesce(mdf.mdf_allocated, 0) as mdf_allocated,
        coalesce(mdf.mdf_claimed, 0) as mdf_claimed,
        coalesce(current_quarter_mdf.quarter_allocated, 0) as quarter_mdf_allocated,
        greatest(
            0,
            coalesce(current_quarter_mdf.quarter_allocated, 0)
                - coalesce(current_quarter_mdf.quarter_requested, 0)
        ) as quarter_mdf_unspent,
        quarter_end(cast(date_trunc('quarter', cast(as_of as date)) as date))
            - cast(as_of as date) as days_left_in_quarter,
        last_qbr.last_qbr_quarter,
        last_qbr.last_qbr_on,
        rhythm.usual_gap_days,
        rhythm.gaps_seen,
        outcome_amounts.partner_sourced_amount,
        outcome_amounts.known_origin_amount,
        coalesce(outcome_amounts.has_plan_target, false) as has_plan_target,
        outcome_amounts.plan_target_amount,
        coalesce(outcome_amounts.plan_won_amount, 0) as plan_won_amount,
    from statuses
    left join revenue using (partner_id)
    left join lifetime using (partner_id)
    left join program using (tier)
    left join certifications using (partner_id)
    left join mdf using (partner_id)
    left join current_quarter_mdf using (partner_id)
    left join last_qbr using (partner_id)
    left join rhythm using (partner_id)
    left join outcome_amounts using (partner_id)
)

select * from final;

create or replace macro partner_health(as_of, window_months, grace_days) as table
with
signals as (
    select * from partner_signals(as_of, window_months, grace_days)
),

weights as (
    select
        max(weight) filter (where component = 'registration_recency') as w_recency,
        max(weight) filter (where component = 'revenue_trend') as w_trend,
        max(weight) filter (where component = 'certification_currency') as w_certification,
        max(weight) filter (where component = 'mdf_use') as w_mdf,
        max(weight) filter (where component = 'qbr_held') as w_qbr,
    from health_weights
),

components as (
    select
        signals.*,
        coalesce(greatest(0, 1 - signals.days_silent / 180), 0) as registration_recency,
        case
            when signals.prior_revenue = 0 and signals.revenue = 0 then 0
            when signals.prior_revenue = 0 then 1
            else least(1, greatest(0, signals.revenue / signals.prior_revenue - 0.5))
        end as revenue_trend,
        least(
            1, signals.current_certifications / greatest(signals.required_certifications, 1)
        ) as certification_currency,
        case
            when signals.mdf_allocated > 0
                then least(1, signals.mdf_claimed / signals.mdf_allocated)
        end as mdf_use,
        case
            when signals.qbr_every_quarters > 0
                then coalesce(signals.last_qbr_quarter >= last_complete_quarter(as_of), false)::int
        end as qbr_held,
    from signals
),

-- Early warning: an active partner whose rhythm broke (silent three times its usual gap, and at
-- least 30 days) or whose revenue halved against the prior window.
warnings as (
    select
        components.*,
        warning_silent(is_active, days_silent, defaults.silent_days) as silent_too_long,
        warning_rhythm(
            is_active, days_silent, usual_gap_days, gaps_seen, defaults.gap_multiple
        ) as rhythm_broke,
        warning_revenue(is_active, revenue, prior_revenue, defaults.revenue_share)
            as revenue_fell,
    from components
    cross join early_warning_defaults as defaults
),

final as (
    select
        warnings.*,
        round(
            100 * (
                weights.w_recency * registration_recency
                + weights.w_trend * revenue_trend
                + weights.w_certification * certification_currency
                + coalesce(weights.w_mdf * mdf_use, 0)
                + coalesce(weights.w_qbr * qbr_held, 0)
            ) / (
                weights.w_recency + weights.w_trend + weights.w_certification
                + case when mdf_use is null then 0 else weights.w_mdf end
                + case when qbr_held is null then 0 else weights.w_qbr end
            ),
            1
        ) as health_score,
        case
            when not is_enrolled then null
            when is_dark then 'dark'
            when is_onboarding and not is_active then 'onboarding'
            when health_score >= 70 then 'healthy'
            when health_score >= 40 then 'watch'
            else 'low'
        end as health_band,
        silent_too_long or rhythm_broke or revenue_fell as early_warning,
        -- Due when the tier has a cadence and no QBR was held in its last `cadence` quarters,
        -- the current one included.
        is_enrolled and qbr_every_quarters > 0 and coalesce(
            last_qbr_quarter < cast(
                date_trunc('quarter', cast(as_of as date))
                - to_months(3 * (qbr_every_quarters - 1)) as date
            ),
            true
        ) as qbr_due,
        warning_reason(
            silent_too_long, rhythm_broke, revenue_fell, days_silent, usual_gap_days, revenue,
            prior_revenue
        ) as warning_reason,
    from warnings
    cross join weights
)

select * from final;

-- partner_health is computed once per (as_of, window, grace) into the table partner_snapshots
-- (queries/sql.py fills it before a query runs); every page and KPI that needs partners on one
-- date reads it from here, so a filter change only filters it. Applying the views (every load)
-- empties it.
create or replace table partner_snapshots as
select
    cast(null as date) as snapshot_as_of,
    0 as snapshot_window_months,
    0 as snapshot_grace_days,
    *,
from partner_health(date '2000-01-01', 12, 90)
limit 0;

-- Which dates partner_snapshots holds, in the order they were computed. The cache is bounded
-- (queries/sql.py drops the oldest computed first); the snapshots stored at load are pinned.
create or replace table partner_snapshot_keys (
    snapshot_as_of date,
    snapshot_window_months integer,
    snapshot_grace_days integer,
    stored_seq bigint,
    pinned boolean
);

create or replace macro partner_snapshot(as_of, window_months, grace_days) as table
select * exclude (snapshot_as_of, snapshot_window_months, snapshot_grace_days)
from partner_snapshots
where snapshot_as_of = cast(as_of as date)
    and snapshot_window_months = window_months
    and snapshot_grace_days = grace_days;

-- The snapshot of the partners the filters select (terminated ones included).
create or replace macro selected_partner_snapshot(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
select *
from partner_snapshot(as_of, window_months, grace_days)
where in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type);
