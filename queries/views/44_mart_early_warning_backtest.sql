-- The early-warning backtest (docs/metrics.md): at each quarter end t with a whole activity window
-- of data behind it, the partners active at t, what the early warning read on them at t, and
-- where they stood at the two quarter ends after it.

create or replace macro quarter_end_after(quarter_end_on, quarters) as (
    quarter_end(
        cast(date_trunc('quarter', quarter_end_on) + to_months(3 * quarters) as date)
    )
);

-- The thresholds the backtest tries: each part alone over a small grid, the early warning over
-- every combination of them, and the plain "silent 90+ days" baseline, which is never tuned.
create or replace view early_warning_grid as
with
defaults as (
    select * from early_warning_defaults
),

silent as (
    select unnest([60, 90, 120]) as silent_days
),

rhythm as (
    select unnest([2.0, 3.0, 4.0]) as gap_multiple
),

revenue as (
    select unnest([0.4, 0.5, 0.6]::double[]) as revenue_share
),

rules as (
    select 1 as rule_order, 'early_warning' as rule, silent_days, gap_multiple, revenue_share,
    from silent
    cross join rhythm
    cross join revenue
    union all
    select 2, 'silent', silent_days, null, null from silent
    union all
    select 3, 'rhythm', null, gap_multiple, null from rhythm
    union all
    select 4, 'revenue', null, null, revenue_share from revenue
    union all
    select 5, 'baseline', 90, null, null
),

final as (
    select
        rules.*,
        coalesce(rules.silent_days = defaults.silent_days, true)
            and coalesce(rules.gap_multiple = defaults.gap_multiple, true)
            and coalesce(rules.revenue_share = defaults.revenue_share, true) as is_default,
    from rules
    cross join defaults
)

select * from final;

-- Whether a rule with these thresholds flags a partner, from its signals on one date.
create or replace macro early_warning_fires(
    rule, silent_days, gap_multiple, revenue_share,
    is_active, days_silent, usual_gap_days, gaps_seen, revenue, prior_revenue
) as (
    coalesce(
        case rule
            when 'baseline' then warning_silent(is_active, days_silent, 90)
            when 'silent' then warning_silent(is_active, days_silent, silent_days)
            when 'rhythm'
                then warning_rhythm(
                    is_active, days_silent, usual_gap_days, gaps_seen, gap_multiple
                )
            when 'revenue'
                then warning_revenue(is_active, revenue, prior_revenue, revenue_share)
            when 'early_warning'
                then warning_silent(is_active, days_silent, silent_days)
                    or coalesce(
                        warning_rhythm(
                            is_active, days_silent, usual_gap_days, gaps_seen, gap_multiple
                        ),
                        false
                    )
                    or warning_revenue(is_active, revenue, prior_revenue, revenue_share)
        end,
        false
    )
);

-- A threshold as it reads: 3.0 → '3', 2.5 → '2.5'.
create or replace macro threshold_text(threshold) as (
    format('{:g}', cast(threshold as double))
);

-- A rule's name on screen, with its thresholds.
create or replace macro early_warning_rule_label(rule, silent_days, gap_multiple, revenue_share)
as (
    case rule
        when 'baseline' then 'Silent 90+ days (baseline)'
        when 'silent' then 'Silent ' || silent_days || '+ days'
        when 'rhythm' then 'Silent ' || threshold_text(gap_multiple) || '× the usual gap'
        when 'revenue'
            then 'Revenue down to ' || threshold_text(100 * revenue_share) || '% or less'
        when 'early_warning'
            then 'Early warning (silent ' || silent_days || '+ days, '
                || threshold_text(gap_multiple) || '× the usual gap, revenue down to '
                || threshold_text(100 * revenue_share) || '%)'
    end
);

-- One row per quarter end t and partner active at t, for every t whose outcome (the quarter end
-- two quarters later) lies on or before as_of. Signals are read exactly as partner_signals reads
-- them on as_of: days silent, the usual gap over the year before the last registration, and won
-- revenue in the window and the prior window.
create or replace macro early_warning_history(as_of, window_months, grace_days) as table
with
extent as (
    select * from data_extent
),

quarter_ends as (
    select quarter_end(cast(unnest(generate_series(
        cast(date_trunc('quarter', first_activity_on) as date),
        cast(as_of as date),
        interval 3 month
    )) as date)) as quarter_end_on,
    from extent
),

-- Enough history: the whole activity window before t lies inside the data, which begins with the
-- quarter of its first activity; and the outcome is known: the quarter end two quarters after t
-- is on or before as_of.
backtest_quarters as (
    select quarter_ends.quarter_end_on,
    from quarter_ends
    cross join extent
    where window_start(quarter_ends.quarter_end_on, window_months)
            >= cast(date_trunc('quarter', extent.first_activity_on) as date) - 1
        and quarter_end_after(quarter_ends.quarter_end_on, 2) <= cast(as_of as date)
),

numbered as (
    select
        quarter_end_on,
        row_number() over (order by quarter_end_on) as quarter_number,
        count(*) over () as quarters,
    from backtest_quarters
),

-- Thresholds are chosen on the older quarters and judged on the latest third (at least one),
-- which they never saw: a training quarter's outcome must be known by the first unseen quarter
-- end, so the quarter just before it belongs to neither.
unseen_start as (
    select min(quarter_end_on) as first_unseen_on
    from numbered
    where quarter_number > quarters - ceil(quarters / 3)
),

split as (
    select
        numbered.*,
        case
            when numbered.quarter_end_on >= unseen_start.first_unseen_on then 'unseen'
            when quarter_end_after(numbered.quarter_end_on, 2) <= unseen_start.first_unseen_on
                then 'training'
            else 'between'
        end as split,
    from numbered
    cross join unseen_start
),

statuses as (
    select
        *,
        -- Dark, or terminated since: the outcome the backtest looks for.
        is_dark or coalesce(terminated_on <= snapshot_on, false) as is_gone,
    from partner_status_history(
        (select min(quarter_end_on) from backtest_quarters), as_of, window_months, grace_days
    )
    where snapshot_on = quarter_end(cast(date_trunc('quarter', snapshot_on) as date))
),

active_at_t as (
    select statuses.*, split.quarter_number, split.quarters, split.split,
    from statuses
    join split on statuses.snapshot_on = split.quarter_end_on
    where statuses.is_active
),

outcomes as (
    select
        active_at_t.snapshot_on,
        active_at_t.partner_id,
        next_quarter.is_gone as gone_next_quarter,
        two_later.is_gone as went_dark,
        case
            when next_quarter.is_gone then next_quarter.snapshot_on
            when two_later.is_gone then two_later.snapshot_on
        end as dark_on,
    from active_at_t
    join statuses as next_quarter
        on next_quarter.partner_id = active_at_t.partner_id
        and next_quarter.snapshot_on = quarter_end_after(active_at_t.snapshot_on, 1)
    join statuses as two_later
        on two_later.partner_id = active_at_t.partner_id
        and two_later.snapshot_on = quarter_end_after(active_at_t.snapshot_on, 2)
),

won_deals as (
    select partner_id, closed_on, amount,
    from stg_deal_registrations
    where status = 'won'
),

revenue as (
    select
        split.quarter_end_on,
        won_deals.partner_id,
        sum(won_deals.amount) filter (
            where won_deals.closed_on > window_start(split.quarter_end_on, window_months)
        ) as revenue,
        sum(won_deals.amount) filter (
            where won_deals.closed_on <= window_start(split.quarter_end_on, window_months)
        ) as prior_revenue,
    from split
    join won_deals
        on won_deals.closed_on > window_start(
            window_start(split.quarter_end_on, window_months), window_months
        )
        and won_deals.closed_on <= split.quarter_end_on
    group by all
),

rhythm as (
    select
        active_at_t.snapshot_on,
        active_at_t.partner_id,
        rhythm.usual_gap_days,
        rhythm.gaps_seen,
    from active_at_t
    join int_registration_rhythm as rhythm
        on rhythm.partner_id = active_at_t.partner_id
        and rhythm.registered_on = active_at_t.last_registered_on
    where rhythm.gaps_seen is not null
),

final as (
    select
        active_at_t.snapshot_on as quarter_end_on,
        active_at_t.quarter_number,
        active_at_t.quarters,
        active_at_t.split,
        active_at_t.partner_id,
        active_at_t.tier,
        active_at_t.region,
        active_at_t.cam_id,
        active_at_t.partner_type,
        active_at_t.is_active,
        active_at_t.days_silent,
        rhythm.usual_gap_days,
        rhythm.gaps_seen,
        coalesce(revenue.revenue, 0) as revenue,
        coalesce(revenue.prior_revenue, 0) as prior_revenue,
        outcomes.went_dark,
        outcomes.dark_on,
    from active_at_t
    join outcomes using (snapshot_on, partner_id)
    left join rhythm using (snapshot_on, partner_id)
    left join revenue
        on revenue.quarter_end_on = active_at_t.snapshot_on
        and revenue.partner_id = active_at_t.partner_id
)

select * from final;

-- early_warning_history is computed once per (as_of, window, grace) into this table
-- (queries/sql.py fills it before a query that reads it runs); a filter change only filters it.
-- Applying the views (every load) empties it, and the load stores the default date's again.
create or replace table early_warning_snapshots as
select
    cast(null as date) as snapshot_as_of,
    0 as snapshot_window_months,
    0 as snapshot_grace_days,
    *,
from early_warning_history(date '2000-01-01', 12, 90)
limit 0;

create or replace macro early_warning_snapshot(as_of, window_months, grace_days) as table
select * exclude (snapshot_as_of, snapshot_window_months, snapshot_grace_days)
from early_warning_snapshots
where snapshot_as_of = cast(as_of as date)
    and snapshot_window_months = window_months
    and snapshot_grace_days = grace_days;
