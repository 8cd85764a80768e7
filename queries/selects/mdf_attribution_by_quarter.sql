-- MDF attribution for the last eight quarters: registrations carrying a claim id, and what a
-- dollar of partner-generated pipeline cost in paid MDF.
select *
from mdf_attribution_by_quarter($as_of, $tiers, $regions, $cams, $partner_types)
where quarter_start > window_start($as_of, 24)
order by quarter_start
