select
    tier,
    count(*) as enrolled_partners,
    count(*) filter (where is_compliant) as compliant_partners,
    ratio(count(*) filter (where is_compliant), count(*)) as compliance_rate,
    any_value(required_certifications) as required_certifications,
    any_value(revenue_threshold) as revenue_threshold,
from tier_compliance($as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types)
group by tier
order by any_value(revenue_threshold), tier
