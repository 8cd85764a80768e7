-- One row of portfolio figures for a selection of partners, to set a CAM's portfolio beside the
-- channel: the same definitions as the headline, plus health and revenue per active partner.
create or replace macro portfolio_summary(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
health as (
    select *
    from selected_partner_snapshot(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

final as (
    select
        count(*) filter (where is_enrolled) as enrolled_partners,
        count(*) filter (where is_active) as active_partners,
        dark_partner_rate(
            count(*) filter (where is_dark),
            count(*) filter (where is_enrolled),
            count(*) filter (where is_onboarding)
        ) as dark_partner_rate,
        active_partner_rate(count(*) filter (where is_active), count(*) filter (where is_enrolled))
            as active_partner_rate,
        count(*) filter (where early_warning) as early_warning_partners,
        avg(health_score) filter (where is_enrolled) as average_health_score,
        sum(revenue) as partner_revenue,
        ratio(sum(revenue), count(*) filter (where is_active)) as revenue_per_active_partner,
        ratio(sum(mdf_claimed), sum(mdf_allocated)) as mdf_utilization,
        -- Optional data the program did not load is "no data", not zero.
        case when any_value(has.qbrs) then count(*) filter (where qbr_due) end as qbrs_due,
        case
            when any_value(has.certifications)
                then coalesce(sum(certifications_expiring_90d) filter (where is_enrolled), 0)
        end as certifications_expiring_90d,
    from health
    cross join program_has as has
)

select * from final;
