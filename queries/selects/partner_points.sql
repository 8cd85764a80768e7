-- Enrolled partners with coordinates for the map, largest revenue first; the page caps how
-- many reach the browser ($max_points) and says how many there are in all.
select
    health.partner_id,
    health.partner_name,
    health.tier,
    health.health_band,
    health.partner_status,
    health.revenue,
    partners.latitude,
    partners.longitude,
    count(*) over () as partners_with_coordinates,
from partner_snapshot($as_of, $window_months, $grace_days) as health
join stg_partners as partners using (partner_id)
where health.is_enrolled
    and partners.latitude is not null
    and partners.longitude is not null
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        health.tier, health.region, health.cam_id, health.partner_type
    )
order by health.revenue desc, health.partner_id
limit $max_points
