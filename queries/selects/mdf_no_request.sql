-- Partners that were allocated funds in the window's quarters and asked for none of them.
select
    stg_partners.partner_id,
    stg_partners.partner_name,
    stg_partners.tier,
    utilization.allocated_amount,
from mdf_utilization_by(
    window_start($as_of, $window_months), $as_of, $tiers, $regions, $cams, $partner_types,
    'partner'
) as utilization
join stg_partners on stg_partners.partner_id = utilization.segment
where utilization.allocated_amount > 0 and utilization.requested_amount = 0
order by utilization.allocated_amount desc
