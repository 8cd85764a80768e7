select *
from churned_partner_revenue($as_of, $window_months, $tiers, $regions, $cams, $partner_types)
order by revenue_last_12_months desc, terminated_on desc, partner_id
