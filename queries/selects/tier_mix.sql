select *
from tier_mix($as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types)
