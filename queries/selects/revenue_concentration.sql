select *
from revenue_concentration(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
