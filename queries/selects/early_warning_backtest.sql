-- The early-warning backtest for one set of thresholds: each rule's flags at every backtest
-- quarter end against where the partners stood two quarters later; over all quarters, by
-- training and unseen quarters, by quarter and by tier.
with
history as (
    select *
    from early_warning_snapshot($as_of, $window_months, $grace_days)
    where in_selection(
        $tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type
    )
),

rules as (
    select
        rule_order,
        rule,
        silent_days,
        gap_multiple,
        revenue_share,
        early_warning_rule_label(rule, silent_days, gap_multiple, revenue_share) as rule_label,
    from (
        values
            (1, 'early_warning', cast($silent_days as integer), cast($gap_multiple as double),
             cast($revenue_share as double)),
            (2, 'silent', cast($silent_days as integer), null, null),
            (3, 'rhythm', null, cast($gap_multiple as double), null),
            (4, 'revenue', null, null, cast($revenue_share as double)),
            (5, 'baseline', 90, null, null)
    ) as rules(rule_order, rule, silent_days, gap_multiple, revenue_share)
),

flags as (
    select
        rules.rule_order,
        rules.rule,
        rules.rule_label,
        history.quarter_end_on,
        history.quarter_number,
        history.split,
        history.partner_id,
        history.tier,
        history.went_dark,
        history.dark_on,
        early_warning_fires(
            rules.rule, rules.silent_days, rules.gap_multiple, rules.revenue_share,
            history.is_active, history.days_silent, history.usual_gap_days, history.gaps_seen,
            history.revenue, history.prior_revenue
        ) as flagged,
    from rules
    cross join history
),

-- Flags at quarter ends in a row are one alarm; its lead time counts from its first quarter end.
alarms as (
    select
        *,
        quarter_number - row_number() over (
            partition by rule, partner_id order by quarter_number
        ) as alarm,
    from flags
    where flagged
),

alarm_starts as (
    select *, min(quarter_end_on) over (partition by rule, partner_id, alarm) as alarm_from,
    from alarms
),

caught as (
    select
        rule,
        partner_id,
        tier,
        quarter_end_on,
        split,
        dark_on,
        dark_on - alarm_from as lead_days,
    from alarm_starts
    where went_dark
),

-- A partner caught at two quarter ends before going dark is one lead time, not two.
dark_events as (
    select distinct rule, partner_id, tier, split, dark_on, lead_days,
    from caught
),

counts as (
    select
        case
            when grouping(quarter_end_on) = 0 then 'quarter'
            when grouping(tier) = 0 then 'tier'
            when grouping(split) = 0 then 'split'
            else 'all'
        end as level,
        rule_order,
        rule,
        rule_label,
        quarter_end_on,
        split,
        tier,
        count(*) as active_partners,
        count(*) filter (where went_dark) as went_dark,
        count(*) filter (where flagged) as flagged,
        count(*) filter (where flagged and went_dark) as caught,
    from flags
    group by grouping sets (
        (rule_order, rule, rule_label),
        (rule_order, rule, rule_label, split),
        (rule_order, rule, rule_label, quarter_end_on, split),
        (rule_order, rule, rule_label, tier)
    )
),

lead_by_quarter as (
    select rule, quarter_end_on, median(lead_days) as median_lead_days,
    from caught
    group by all
),

lead_overall as (
    select rule, median(lead_days) as median_lead_days,
    from dark_events
    group by all
),

lead_by_split as (
    select rule, split, median(lead_days) as median_lead_days,
    from dark_events
    group by all
),

lead_by_tier as (
    select rule, tier, median(lead_days) as median_lead_days,
    from dark_events
    group by all
),

final as (
    select
        counts.*,
        ratio(counts.caught, counts.flagged) as precision,
        ratio(counts.caught, counts.went_dark) as recall,
        ratio(counts.went_dark, counts.active_partners) as base_rate,
        ratio(
            ratio(counts.caught, counts.flagged), ratio(counts.went_dark, counts.active_partners)
        ) as lift,
        case counts.level
            when 'quarter' then lead_by_quarter.median_lead_days
            when 'tier' then lead_by_tier.median_lead_days
            when 'split' then lead_by_split.median_lead_days
            else lead_overall.median_lead_days
        end as median_lead_days,
    from counts
    left join lead_by_quarter
        on counts.level = 'quarter'
        and lead_by_quarter.rule = counts.rule
        and lead_by_quarter.quarter_end_on = counts.quarter_end_on
    left join lead_by_tier
        on counts.level = 'tier'
        and lead_by_tier.rule = counts.rule
        and lead_by_tier.tier = counts.tier
    left join lead_by_split
        on counts.level = 'split'
        and lead_by_split.rule = counts.rule
        and lead_by_split.split = counts.split
    left join lead_overall
        on counts.level = 'all'
        and lead_overall.rule = counts.rule
)

select * from final
order by level, rule_order, quarter_end_on, split, tier
