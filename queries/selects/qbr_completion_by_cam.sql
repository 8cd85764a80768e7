-- QBR completion per CAM in the last complete quarter.
select
    coalesce(cams.cam_name, 'Unassigned') as segment_label,
    count(*) as partners_due,
    count(*) filter (where held_qbr) as qbrs_held,
    ratio(count(*) filter (where held_qbr), count(*)) as qbr_completion_rate,
from qbr_completion(
    last_complete_quarter($as_of), $as_of, $tiers, $regions, $cams, $partner_types
) as completion
left join stg_cams as cams using (cam_id)
where completion.quarter_start = last_complete_quarter($as_of)
group by all
order by qbr_completion_rate, segment_label
