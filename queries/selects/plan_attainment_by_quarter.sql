-- Plan attainment of the selected partners with a target, for the last eight quarters with any
-- target, the quarter in progress flagged.
select *
from plan_attainment_by_quarter($as_of, $tiers, $regions, $cams, $partner_types)
where quarter_start > window_start($as_of, 24)
order by quarter_start
