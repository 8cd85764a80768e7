-- Share of enrolled partners with at least one current certification, per segment.
with
segmented as (
    select segment_of($dimension, tier, region, cam_id, partner_type) as segment, *,
    from partner_snapshot($as_of, $window_months, $grace_days)
    where is_enrolled
        and in_selection(
            $tiers, $regions, $cams, $partner_types,
            tier, region, cam_id, partner_type
        )
)

select
    segment,
    coalesce(any_value(cams.cam_name), segment) as segment_label,
    count(*) as enrolled_partners,
    count(*) filter (where current_certifications > 0) as certified_partners,
    ratio(count(*) filter (where current_certifications > 0), count(*)) as certified_partner_rate,
from segmented
left join stg_cams as cams on $dimension = 'cam' and cams.cam_id = segmented.segment
group by segment
order by certified_partner_rate, segment
