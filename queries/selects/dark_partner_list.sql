-- Dark partners and partners with an early warning, with what a CAM needs to act.
select
    health.partner_id,
    health.partner_name,
    health.tier,
    coalesce(cams.cam_name, 'Unassigned') as cam,
    health.region,
    case when health.is_dark then 'dark' else 'early warning' end as status,
    health.enrolled_on,
    health.last_registered_on,
    health.days_silent,
    health.lifetime_revenue,
    health.warning_reason,
from partner_snapshot($as_of, $window_months, $grace_days) as health
left join stg_cams as cams using (cam_id)
where (health.is_dark or health.early_warning)
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        health.tier, health.region, health.cam_id, health.partner_type
    )
order by health.is_dark, health.lifetime_revenue desc, health.partner_id
