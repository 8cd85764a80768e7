-- How many partners the global filters select: ever, and enrolled on the as-of date.
select
    count(*) as partners,
    count(*) filter (
        where enrolled_on <= $as_of and (terminated_on is null or terminated_on > $as_of)
    ) as enrolled_partners,
from stg_partners
where in_selection($tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type)
