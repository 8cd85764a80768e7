-- The incentive programs started by the as-of date, side by side: cost, incremental revenue
-- against the comparison group, ROI and payout lag (PRODUCT.md §4).
select *
from incentive_results(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
)
order by starts_on desc, name
