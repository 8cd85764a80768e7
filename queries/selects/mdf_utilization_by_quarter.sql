-- Utilization of each of the last eight quarters, to show the trend around the window.
select cast(segment as date) as quarter_start, * exclude (segment, partner_name),
from mdf_utilization_by(
    window_start($as_of, 24), $as_of, $tiers, $regions, $cams, $partner_types, 'quarter'
)
order by quarter_start
