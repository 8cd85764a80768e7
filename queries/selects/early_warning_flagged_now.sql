-- Partners the rule in force flags on as_of, each with the hit rate of the part that flagged it:
-- the share of that part's past flags (same thresholds, same selection) that went dark within
-- two quarters. A partner flagged by several parts gets the part with the highest hit rate.
with
now as (
    select *
    from partner_snapshot($as_of, $window_months, $grace_days)
    where is_active
        and in_selection(
            $tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type
        )
),

history as (
    select *
    from early_warning_snapshot($as_of, $window_months, $grace_days)
    where in_selection(
        $tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type
    )
),

parts as (
    select
        rule,
        early_warning_rule_label(
            rule, cast($silent_days as integer), cast($gap_multiple as double),
            cast($revenue_share as double)
        ) as rule_label,
    from (values ('silent'), ('rhythm'), ('revenue')) as parts(rule)
),

hit_rates as (
    select
        parts.rule,
        count(*) filter (where fires) as flagged_before,
        count(*) filter (where fires and history.went_dark) as went_dark_before,
        ratio(count(*) filter (where fires and history.went_dark), count(*) filter (where fires))
            as hit_rate,
    from parts
    cross join lateral (
        select
            history.went_dark,
            early_warning_fires(
                parts.rule, cast($silent_days as integer), cast($gap_multiple as double),
                cast($revenue_share as double), history.is_active, history.days_silent,
                history.usual_gap_days, history.gaps_seen, history.revenue,
                history.prior_revenue
            ) as fires,
        from history
    ) as history
    group by parts.rule
),

fired as (
    select
        now.partner_id,
        parts.rule,
        parts.rule_label,
        coalesce(hit_rates.flagged_before, 0) as flagged_before,
        coalesce(hit_rates.went_dark_before, 0) as went_dark_before,
        hit_rates.hit_rate,
    from now
    cross join parts
    left join hit_rates using (rule)
    where early_warning_fires(
        parts.rule, cast($silent_days as integer), cast($gap_multiple as double),
        cast($revenue_share as double), now.is_active, now.days_silent, now.usual_gap_days,
        now.gaps_seen, now.revenue, now.prior_revenue
    )
),

strongest as (
    select
        partner_id,
        arg_max(rule_label, coalesce(hit_rate, -1)) as flagged_by,
        max(hit_rate) as hit_rate,
        arg_max(flagged_before, coalesce(hit_rate, -1)) as flagged_before,
        arg_max(went_dark_before, coalesce(hit_rate, -1)) as went_dark_before,
        bool_or(rule = 'silent') as silent,
        bool_or(rule = 'rhythm') as rhythm,
        bool_or(rule = 'revenue') as revenue_fell,
    from fired
    group by partner_id
),

final as (
    select
        now.partner_id,
        now.partner_name,
        now.tier,
        coalesce(cams.cam_name, 'Unassigned') as cam,
        now.last_registered_on,
        now.days_silent,
        now.lifetime_revenue,
        warning_reason(
            strongest.silent, strongest.rhythm, strongest.revenue_fell, now.days_silent,
            now.usual_gap_days, now.revenue, now.prior_revenue
        ) as warning_reason,
        strongest.flagged_by,
        strongest.hit_rate,
        strongest.went_dark_before,
        strongest.flagged_before,
    from strongest
    join now using (partner_id)
    left join stg_cams as cams on cams.cam_id = now.cam_id
)

select * from final
order by hit_rate desc nulls last, lifetime_revenue desc, partner_id
