-- Per tier: the program's current terms and the window revenue of its enrolled partners.
with
program as (
    select * from stg_program_tiers
),

partners as (
    select status.tier, status.revenue,
    from partner_snapshot($as_of, $window_months, $grace_days) as status
    where status.is_enrolled
        and in_selection(
            $tiers, $regions, $cams, $partner_types,
            status.tier, status.region, status.cam_id, status.partner_type
        )
),

per_tier as (
    select tier, count(*) as enrolled_partners, sum(revenue) as revenue,
    from partners
    group by tier
)

select
    coalesce(program.tier, per_tier.tier) as tier,
    coalesce(program.tier_rank, 99) as tier_rank,
    -- null when the program loaded no discount for the tier: the what-if says so.
    program.discount_pct / 100 as discount,
    program.revenue_threshold,
    coalesce(per_tier.enrolled_partners, 0) as enrolled_partners,
    coalesce(per_tier.revenue, 0) as revenue,
from program
full outer join per_tier using (tier)
order by tier_rank, tier
