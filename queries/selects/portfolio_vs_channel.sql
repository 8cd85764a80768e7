-- The selection's portfolio figures beside the whole channel's (a signed-in CAM's whole book).
select 'portfolio' as scope, *
from portfolio_summary(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
union all
select 'channel' as scope, *
from portfolio_summary($as_of, $window_months, $grace_days, [], [], $scope_cams, [])
