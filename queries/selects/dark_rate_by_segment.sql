-- Dark-partner rate on as_of for each segment of one dimension (tier, region, cam, partner_type).
with
segmented as (
    select segment_of($dimension, tier, region, cam_id, partner_type) as segment, *,
    from partner_snapshot($as_of, $window_months, $grace_days)
    where in_selection($tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type)
),

counts as (
    select
        segment,
        count(*) filter (where is_enrolled) as enrolled_partners,
        count(*) filter (where is_onboarding) as onboarding_partners,
        count(*) filter (where is_dark) as dark_partners,
    from segmented
    group by segment
)

select
    counts.*,
    coalesce(cams.cam_name, counts.segment) as segment_label,
    dark_partner_rate(counts.dark_partners, counts.enrolled_partners, counts.onboarding_partners)
        as dark_partner_rate,
from counts
left join stg_cams as cams on $dimension = 'cam' and cams.cam_id = counts.segment
where counts.enrolled_partners > 0
order by dark_partner_rate desc nulls last, counts.segment
