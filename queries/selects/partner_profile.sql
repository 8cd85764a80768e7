-- Everything about the chosen partner that is not a comparison: status, health, warnings.
select *
from partner_scorecards($as_of, $window_months, $grace_days, $lead_days)
where partner_id = $partner_id and in_filter($scope_cams, cam_id)
