select *
from certification_impact(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
