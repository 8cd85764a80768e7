-- The selection's portfolio figures beside the whole channel's.
select 'portfolio' as scope, *
from portfolio_summary(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
union all
select 'channel' as scope, *
from portfolio_summary($as_of, $window_months, $grace_days, [], [], [], [])
