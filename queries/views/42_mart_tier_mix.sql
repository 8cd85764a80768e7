-- Enrolled partners and window revenue per tier against the program's target mix.
create or replace macro tier_mix(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
statuses as (
    select *
    from partner_snapshot(as_of, window_months, grace_days)
    where is_enrolled
        and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
),

program as (
    select * from stg_program_tiers
),

per_tier as (
    select
        statuses.tier,
        count(*) as enrolled_partners,
        count(*) filter (where statuses.is_active) as active_partners,
        sum(statuses.revenue) as revenue,
    from statuses
    group by statuses.tier
),

final as (
    select
        coalesce(per_tier.tier, program.tier) as tier,
        program.tier_rank,
        coalesce(per_tier.enrolled_partners, 0) as enrolled_partners,
        coalesce(per_tier.active_partners, 0) as active_partners,
        coalesce(per_tier.revenue, 0) as revenue,
        ratio(
            coalesce(per_tier.enrolled_partners, 0), sum(per_tier.enrolled_partners) over ()
        ) as partner_share,
        ratio(coalesce(per_tier.revenue, 0), sum(per_tier.revenue) over ()) as revenue_share,
        program.target_share,
    from per_tier
    full outer join program using (tier)
)

select * from final order by tier_rank nulls last, tier;
