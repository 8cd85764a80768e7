-- The partners that carry the revenue, for the concentration table.
select
    base.revenue_rank,
    base.partner_name,
    base.tier,
    base.region,
    base.revenue,
    ratio(base.revenue, sum(base.revenue) over ()) as revenue_share,
from concentration_base(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
) as base
qualify base.revenue_rank <= 10
order by base.revenue_rank
