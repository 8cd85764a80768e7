-- Each selected partner's latest survey response in the window, detractors first.
select * replace (coalesce(cam_name, 'Unassigned') as cam_name)
from partner_nps_responses(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
order by score, responded_on desc, partner_name
