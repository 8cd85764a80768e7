select *
from mdf_yield(window_start($as_of, $window_months), $as_of, $tiers, $regions, $cams, $partner_types)
order by activity_type = 'All activities' desc, pipeline_per_mdf_dollar desc nulls last
