-- Retention and churn over the window per tier or enrollment year ($dimension).
select
    case $dimension when 'cohort' then strftime(cohort_year, '%Y') else tier end as segment,
    count(*) as partners_at_start,
    count(*) filter (where retained) as retained_partners,
    ratio(count(*) filter (where retained), count(*)) as partner_retention_rate,
    1 - ratio(count(*) filter (where retained), count(*)) as churn_rate,
from partner_retention($as_of, $window_months, $tiers, $regions, $cams, $partner_types)
group by segment
order by segment
