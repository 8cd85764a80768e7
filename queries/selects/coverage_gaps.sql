select *
from coverage_gaps(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types, $level
)
order by gap desc, geo_code
