-- Thresholds chosen from the past, judged on the future: every rule of the grid scored (F1) on
-- the training quarters and on the unseen ones; per rule, the thresholds that scored best on the
-- training quarters are chosen (ties: higher precision, then the default, then fewer flags).
with
history as (
    select *
    from early_warning_snapshot($as_of, $window_months, $grace_days)
    where split in ('training', 'unseen')
        and in_selection(
            $tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type
        )
),

-- The program's backtest quarters, whatever the selection: "too little history" is about the
-- data.
program_quarters as (
    select count(distinct quarter_end_on) as backtest_quarters,
    from early_warning_snapshot($as_of, $window_months, $grace_days)
),

quarters as (
    select
        count(distinct quarter_end_on) filter (where split = 'training') as training_quarters,
        min(quarter_end_on) filter (where split = 'training') as training_from,
        max(quarter_end_on) filter (where split = 'training') as training_to,
        count(distinct quarter_end_on) filter (where split = 'unseen') as unseen_quarters,
        min(quarter_end_on) filter (where split = 'unseen') as unseen_from,
        max(quarter_end_on) filter (where split = 'unseen') as unseen_to,
    from history
),

grid as (
    select
        *,
        early_warning_rule_label(rule, silent_days, gap_multiple, revenue_share) as rule_label,
    from early_warning_grid
),

flags as (
    select
        grid.rule,
        grid.silent_days,
        grid.gap_multiple,
        grid.revenue_share,
        history.split,
        history.went_dark,
        early_warning_fires(
            grid.rule, grid.silent_days, grid.gap_multiple, grid.revenue_share,
            history.is_active, history.days_silent, history.usual_gap_days, history.gaps_seen,
            history.revenue, history.prior_revenue
        ) as fires,
    from grid
    cross join history
),

scored as (
    select
        rule,
        silent_days,
        gap_multiple,
        revenue_share,
        count(*) filter (where split = 'training' and went_dark) as training_went_dark,
        count(*) filter (where split = 'training' and fires) as training_flagged,
        count(*) filter (where split = 'training' and fires and went_dark) as training_caught,
        count(*) filter (where split = 'unseen' and went_dark) as unseen_went_dark,
        count(*) filter (where split = 'unseen' and fires) as unseen_flagged,
        count(*) filter (where split = 'unseen' and fires and went_dark) as unseen_caught,
    from flags
    group by all
),

rates as (
    select
        grid.*,
        coalesce(scored.training_went_dark, 0) as training_went_dark,
        coalesce(scored.training_flagged, 0) as training_flagged,
        coalesce(scored.training_caught, 0) as training_caught,
        ratio(scored.training_caught, scored.training_flagged) as training_precision,
        ratio(scored.training_caught, scored.training_went_dark) as training_recall,
        -- F1 = 2 × caught ÷ (flagged + went dark): precision and recall weighed alike.
        ratio(2 * scored.training_caught, scored.training_flagged + scored.training_went_dark)
            as training_f1,
        coalesce(scored.unseen_went_dark, 0) as unseen_went_dark,
        coalesce(scored.unseen_flagged, 0) as unseen_flagged,
        coalesce(scored.unseen_caught, 0) as unseen_caught,
        ratio(scored.unseen_caught, scored.unseen_flagged) as unseen_precision,
        ratio(scored.unseen_caught, scored.unseen_went_dark) as unseen_recall,
        ratio(2 * scored.unseen_caught, scored.unseen_flagged + scored.unseen_went_dark)
            as unseen_f1,
    from grid
    left join scored
        on scored.rule = grid.rule
        and scored.silent_days is not distinct from grid.silent_days
        and scored.gap_multiple is not distinct from grid.gap_multiple
        and scored.revenue_share is not distinct from grid.revenue_share
),

final as (
    select
        rates.*,
        row_number() over (
            partition by rates.rule
            order by
                rates.training_f1 desc nulls last,
                rates.training_precision desc nulls last,
                rates.is_default desc,
                rates.training_flagged,
                rates.silent_days desc nulls last,
                rates.gap_multiple desc nulls last,
                rates.revenue_share nulls last
        ) = 1 as is_chosen,
        quarters.*,
        program_quarters.backtest_quarters,
    from rates
    cross join quarters
    cross join program_quarters
)

select * from final
order by rule_order, silent_days, gap_multiple, revenue_share
