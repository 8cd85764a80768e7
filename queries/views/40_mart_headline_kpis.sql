-- The headline KPIs of the Portfolio health page and of `python -m queries kpis`, for one
-- as_of and one set of filters. Each KPI is defined here once (docs/metrics.md).

-- The forecast KPIs of the last complete quarter: the only headline KPIs the forecast cut-off
-- (lead_days) moves, so the Pipeline page's slider recomputes these alone.
create or replace macro headline_forecast(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
with
filtered_partners as (
    select partner_id
    from selected_partner_snapshot(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

final as (
    select
        last_complete_quarter(as_of) as forecast_quarter,
        sum(forecast_amount) as forecast_amount,
        sum(actual_amount) as actual_amount,
        forecast_accuracy(sum(forecast_amount), sum(actual_amount)) as forecast_accuracy,
        forecast_bias(sum(forecast_amount), sum(actual_amount)) as forecast_bias,
    from forecast_vs_actual(lead_days)
    semi join filtered_partners using (partner_id)
    where quarter_start = last_complete_quarter(as_of)
)

select * from final;

-- The KPIs whose change against the prior window the pages show (components/kpi_tiles.py), and
-- what they are read from: the page computes these alone for the prior window, not the rest.
create or replace macro headline_change_kpis(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
with
partners as (
    select *
    from selected_partner_snapshot(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

statuses as (
    select
        count(*) filter (where is_enrolled) as enrolled_partners,
        count(*) filter (where is_onboarding) as onboarding_partners,
        count(*) filter (where is_active) as active_partners,
        count(*) filter (where is_dark) as dark_partners,
        count(*) filter (where is_silent_90d) as silent_90d_partners,
        count(*) filter (where early_warning) as early_warning_partners,
        dark_partner_rate(dark_partners, enrolled_partners, onboarding_partners)
            as dark_partner_rate,
        active_partner_rate(active_partners, enrolled_partners) as active_partner_rate,
    from partners
),

filtered_partners as (
    select partner_id from partners
),

revenue as (
    -- Every partner matching the filters counts, terminated ones included.
    select
        sum(revenue) as partner_revenue,
        sum(prior_revenue) as prior_partner_revenue,
        ratio(sum(won_deals), sum(won_deals) + sum(lost_deals)) as win_rate,
    from partners
),

mdf as (
    select
        sum(allocated_amount) as mdf_allocated,
        sum(claimed_amount) as mdf_claimed,
        ratio(sum(claimed_amount), sum(allocated_amount)) as mdf_utilization,
    from mart_mdf_partner_quarter
    semi join filtered_partners using (partner_id)
    where quarter_start > window_start(as_of, window_months)
        and quarter_start <= cast(as_of as date)
),

forecast as (
    select *
    from headline_forecast(
        as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
    )
),

one_row as (
    select cast(as_of as date) as as_of
),

final as (
    select
        one_row.as_of,
        coalesce(statuses.enrolled_partners, 0) as enrolled_partners,
        coalesce(statuses.onboarding_partners, 0) as onboarding_partners,
        coalesce(statuses.active_partners, 0) as active_partners,
        coalesce(statuses.dark_partners, 0) as dark_partners,
        coalesce(statuses.silent_90d_partners, 0) as silent_90d_partners,
        coalesce(statuses.early_warning_partners, 0) as early_warning_partners,
        statuses.dark_partner_rate,
        statuses.active_partner_rate,
        coalesce(revenue.partner_revenue, 0) as partner_revenue,
        coalesce(revenue.prior_partner_revenue, 0) as prior_partner_revenue,
        revenue.win_rate,
        -- Optional data the program did not load is "no data", not zero.
        case when has.mdf then coalesce(mdf.mdf_allocated, 0) end as mdf_allocated,
        case when has.mdf then coalesce(mdf.mdf_claimed, 0) end as mdf_claimed,
        mdf.mdf_utilization,
        forecast.forecast_quarter,
        forecast.forecast_amount,
        coalesce(forecast.actual_amount, 0) as actual_amount,
        forecast.forecast_accuracy,
        forecast.forecast_bias,
        outcomes.partner_sourced_share,
        outcomes.plan_quarter,
        outcomes.plan_attainment,
        outcomes.partners_on_plan_rate,
    from one_row
    left join statuses on true
    cross join revenue
    cross join mdf
    cross join forecast
    cross join program_has as has
    cross join outcome_change_kpis(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    ) as outcomes
)

select * from final;

create or replace macro headline_kpis(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
with
partners as (
    select *
    from selected_partner_snapshot(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

filtered_partners as (
    select partner_id from partners
),

registrations as (
    select
        ratio(
            count(*) filter (where is_approved), count(*) filter (where is_approved or is_rejected)
        ) as approval_rate,
        ratio(count(*) filter (where is_conflict), count(*)) as conflict_rate,
        count(*) as registrations,
    -- Each registration carries its partner's attributes (every partner has a snapshot), so the
    -- filters select it without a join: none at all when nothing is filtered.
    from int_registrations
    where registered_on > window_start(as_of, window_months)
        and registered_on <= cast(as_of as date)
        and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

first_deals as (
    select median(first_deal.days_to_first_deal) as median_days_to_first_deal,
    from partner_first_deal(as_of) as first_deal
    semi join filtered_partners using (partner_id)
    where first_deal.first_registered_on is not null
        and first_deal.enrolled_on <= cast(as_of as date)
        and (first_deal.terminated_on is null or first_deal.terminated_on > cast(as_of as date))
),

enablement as (
    select
        ratio(
            count(*) filter (where is_enrolled and current_certifications > 0),
            count(*) filter (where is_enrolled)
        ) as certified_partner_rate,
        coalesce(sum(certifications_expiring_90d) filter (where is_enrolled), 0)
            as certifications_expiring_90d,
    from partners
),

qbrs as (
    select ratio(count(*) filter (where held_qbr), count(*)) as qbr_completion_rate,
    from qbr_completion(last_complete_quarter(as_of), as_of, tiers, regions, cams, partner_types)
    where quarter_start = last_complete_quarter(as_of)
),

retention as (
    select ratio(count(*) filter (where retained), count(*)) as partner_retention_rate,
    from partner_retention(as_of, window_months, tiers, regions, cams, partner_types)
),

final as (
    select
        core.as_of,
        core.enrolled_partners,
        core.onboarding_partners,
        core.active_partners,
        core.dark_partners,
        core.silent_90d_partners,
        core.early_warning_partners,
        core.dark_partner_rate,
        core.active_partner_rate,
        core.partner_revenue,
        core.prior_partner_revenue,
        core.win_rate,
        first_deals.median_days_to_first_deal,
        -- Optional data the program did not load is "no data", not zero.
        case when has.certifications then enablement.certified_partner_rate end
            as certified_partner_rate,
        case when has.certifications then enablement.certifications_expiring_90d end
            as certifications_expiring_90d,
        case when has.qbrs then qbrs.qbr_completion_rate end as qbr_completion_rate,
        retention.partner_retention_rate,
        registrations.registrations,
        registrations.approval_rate,
        registrations.conflict_rate,
        core.mdf_allocated,
        core.mdf_claimed,
        core.mdf_utilization,
        core.forecast_quarter,
        core.forecast_amount,
        core.actual_amount,
        core.forecast_accuracy,
        core.forecast_bias,
        core.partner_sourced_share,
        core.plan_quarter,
        core.plan_attainment,
        core.partners_on_plan_rate,
        outcomes.incentive_incremental_revenue,
        outcomes.incentive_cost,
        outcomes.incentive_roi,
        outcomes.mdf_attributed_registration_rate,
        outcomes.cost_per_pipeline_dollar,
        outcomes.partner_nps,
        outcomes.nps_responses,
    from headline_change_kpis(
        as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
    ) as core
    cross join registrations
    cross join enablement
    cross join qbrs
    cross join retention
    cross join first_deals
    cross join program_has as has
    cross join outcome_kpis(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    ) as outcomes
)

select * from final;
