-- The selected partners with the figures a CAM reviews before Monday's calls.
select
    health.partner_id,
    health.partner_name,
    health.tier,
    health.health_score,
    health.health_band,
    health.last_registered_on,
    health.days_silent,
    health.revenue,
    health.prior_revenue,
    health.quarter_mdf_unspent,
    health.certifications_expiring_90d,
    health.qbr_due,
    health.last_qbr_on,
    health.warning_reason,
    coalesce(cams.cam_name, 'Unassigned') as cam,
from partner_snapshot($as_of, $window_months, $grace_days) as health
left join stg_cams as cams using (cam_id)
where health.is_enrolled
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        health.tier, health.region, health.cam_id, health.partner_type
    )
order by health.health_score desc nulls last, health.partner_name
