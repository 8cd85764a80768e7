-- Partners whose tier cadence calls for a QBR that has not been held.
select
    snapshot.partner_name,
    snapshot.tier,
    coalesce(cams.cam_name, 'Unassigned') as cam,
    snapshot.qbr_every_quarters,
    snapshot.last_qbr_on,
    snapshot.revenue,
from partner_snapshot($as_of, $window_months, $grace_days) as snapshot
left join stg_cams as cams using (cam_id)
where snapshot.qbr_due
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        snapshot.tier, snapshot.region, snapshot.cam_id, snapshot.partner_type
    )
order by snapshot.revenue desc, snapshot.partner_name
