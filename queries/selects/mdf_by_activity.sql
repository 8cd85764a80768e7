-- Claimed MDF per activity type over the window's quarters, as a share of all allocated funds:
-- the shares add up to the headline utilization.
with
allocated as (
    select sum(allocated_amount) as allocated_amount,
    from mdf_partner_quarters(
        window_start($as_of, $window_months), $as_of, $tiers, $regions, $cams, $partner_types
    )
)

select
    claims.activity_type,
    sum(claims.requested_amount) as requested_amount,
    sum(claims.claimed_amount) filter (where claims.is_claimed) as claimed_amount,
    ratio(sum(claims.claimed_amount) filter (where claims.is_claimed), any_value(allocated.allocated_amount))
        as share_of_allocation,
from int_mdf_claims as claims
cross join allocated
where claims.quarter_start > window_start($as_of, $window_months)
    and claims.quarter_start <= $as_of
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        claims.tier, claims.region, claims.cam_id, claims.partner_type
    )
group by claims.activity_type
order by claimed_amount desc nulls last
