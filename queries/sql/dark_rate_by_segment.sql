-- Dark-partner rate on as_of for each segment of one dimension (tier, region, cam, partner_type).
select
    rollup.segment,
    coalesce(cams.cam_name, rollup.segment) as segment_label,
    rollup.enrolled_partners,
    rollup.onboarding_partners,
    rollup.dark_partners,
    rollup.dark_partner_rate,
from partner_status_rollup(
    $as_of, $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types,
    $dimension
) as rollup
left join stg_cams as cams on $dimension = 'cam' and cams.cam_id = rollup.segment
order by rollup.dark_partner_rate desc nulls last, rollup.segment
