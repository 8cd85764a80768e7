-- Enrolled partners with their tier, region and window revenue: the base of the what-if models.
select
    status.partner_id,
    status.partner_name,
    status.tier,
    status.region,
    status.revenue,
from partner_snapshot($as_of, $window_months, $grace_days) as status
where status.is_enrolled
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        status.tier, status.region, status.cam_id, status.partner_type
    )
order by status.partner_id
