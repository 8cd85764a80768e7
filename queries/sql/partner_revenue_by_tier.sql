-- Enrolled partners with their tier, region and window revenue: the base of the what-if models.
select
    status.partner_id,
    status.partner_name,
    status.tier,
    status.region,
    status.revenue,
from partner_snapshot($as_of, $window_months, $grace_days) as status
where status.is_enrolled
    and in_filter($tiers, status.tier)
    and in_filter($regions, status.region)
    and in_filter($cams, status.cam_id)
    and in_filter($partner_types, status.partner_type)
order by status.partner_id
