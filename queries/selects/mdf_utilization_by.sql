-- MDF utilization per segment over the window's quarters ($dimension from a fixed list).
select
    utilization.*,
    coalesce(cams.cam_name, utilization.partner_name, utilization.segment) as segment_label,
from mdf_utilization_by(
    window_start($as_of, $window_months), $as_of, $tiers, $regions, $cams, $partner_types,
    $dimension
) as utilization
left join stg_cams as cams on $dimension = 'cam' and cams.cam_id = utilization.segment
where $dimension <> 'partner' or utilization.allocated_amount > 0
order by utilization.mdf_utilization desc nulls last, utilization.segment
