-- Won revenue per partner by month for each program's participants and comparison group, before
-- and during the program: groups of different size read on one scale.
select
    program_id,
    "group",
    month_start,
    phase,
    won_amount,
    partners,
    ratio(won_amount, partners) as revenue_per_partner,
from incentive_revenue_by_month($as_of, $tiers, $regions, $cams, $partner_types)
order by program_id, "group", month_start
