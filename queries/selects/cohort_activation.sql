select *
from cohort_activation($as_of, $tiers, $regions, $cams, $partner_types)
where cohort_quarter > window_start($as_of, 36)
