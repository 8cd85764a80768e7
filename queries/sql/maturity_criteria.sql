select *
from maturity_criteria(
    $as_of, $window_months, $grace_days, $lead_days, $tiers, $regions, $cams, $partner_types
)
